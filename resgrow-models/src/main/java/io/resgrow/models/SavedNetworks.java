package io.resgrow.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.SavedNetwork;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a network written by {@code RunBuilder.save} (or {@code resgrow train --save}):
 * builds its architecture from {@code model.json} with {@link Architectures} and gives it the saved
 * parameters through DJL's {@code Model.load}, on one device whatever devices it trained on.
 */
public final class SavedNetworks {

    private SavedNetworks() {}

    /**
     * Loads a saved network for inference on the default device.
     *
     * @param dir the directory
     * @return the model; the caller closes it
     */
    public static Model load(Path dir) {
        return load("dir", dir, null);
    }

    /**
     * Loads a saved network for inference.
     *
     * @param option the setting that named the directory, for errors (e.g. {@code --model})
     * @param dir the directory
     * @param device the device, or null for the engine's default
     * @return the model; the caller closes it
     */
    public static Model load(String option, Path dir, Device device) {
        SavedNetwork.Card card = SavedNetwork.card(option, dir);
        Model model =
                device == null ? Model.newInstance(SavedNetwork.NAME) : Model.newInstance(SavedNetwork.NAME, device);
        try {
            model.setBlock(Architectures.build(card.architecture(), card.sampleShape()));
            model.load(dir, SavedNetwork.NAME);
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new InvalidSettingException(
                    option,
                    dir,
                    "parameters that fit " + SavedNetwork.CARD + " (" + e.getMessage() + ")",
                    "save the network again");
        }
    }
}
