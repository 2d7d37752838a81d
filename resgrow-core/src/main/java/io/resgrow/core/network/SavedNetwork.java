package io.resgrow.core.network;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A trained network on disk: its parameters in DJL's own format ({@code resgrow-0000.params}) and
 * its {@link Card} ({@code model.json}: the {@link Architecture} as trained, the input shape, the
 * classes and the preprocessing inputs need). Parameters are written from whatever devices they
 * live on (a model-parallel network's included) and load onto the device of the loading {@code
 * Model}. {@code RunBuilder.save(dir)} writes one at the end of a run; {@code
 * io.resgrow.models.SavedNetworks.load(dir)} reads one back, or, with DJL alone:
 *
 * <pre>{@code
 * SavedNetwork.Card card = SavedNetwork.card(dir);
 * Model model = Model.newInstance(SavedNetwork.NAME);
 * model.setBlock(Architectures.build(card.architecture(), card.sampleShape()));
 * model.load(dir, SavedNetwork.NAME);
 * }</pre>
 */
public final class SavedNetwork {

    /** The model's name: DJL's prefix of the parameter file. */
    public static final String NAME = "resgrow";

    /** The card's file name. */
    public static final String CARD = "model.json";

    /** The card's current format. */
    public static final String FORMAT = "resgrow-model-2";

    private SavedNetwork() {}

    /**
     * What a saved network needs besides its parameters.
     *
     * @param format {@link #FORMAT}
     * @param architecture the network as trained
     * @param inputShape one sample's shape, e.g. 1,28,28
     * @param classes the number of classes
     * @param preprocess what every input must get first ({@code BatchTransform.settings()}: a
     *     normalisation gives {@code type normalize}, {@code mean}, {@code std})
     * @param strategy the strategy that trained it
     * @param testAccuracy its test accuracy at the end of training, or null
     */
    public record Card(
            String format,
            Architecture architecture,
            long[] inputShape,
            int classes,
            Map<String, Object> preprocess,
            String strategy,
            Double testAccuracy) {

        /**
         * Returns one sample's shape.
         *
         * @return the shape
         */
        public Shape sampleShape() {
            return new Shape(inputShape);
        }
    }

    /**
     * Describes a network for saving, refusing one that cannot be built again.
     *
     * @param network the network
     * @return its description
     * @throws InvalidSettingException if it is not {@link Rebuildable} or was not made by a builder
     */
    public static Architecture architectureOf(Block network) {
        if (!(network instanceof Rebuildable r)) {
            throw new InvalidSettingException(
                    "save",
                    network.getClass().getSimpleName(),
                    "a network that can describe itself (Rebuildable: the ResNet, VGG and MonolithNet builders'"
                            + " networks)",
                    "save its parameters with DJL's Model.save and rebuild it yourself");
        }
        return r.architecture();
    }

    /**
     * Writes a trained network and its card into a directory (created if needed).
     *
     * @param network the trained network
     * @param card its card
     * @param dir the directory
     */
    public static void save(Block network, Card card, Path dir) {
        try (Model model = Model.newInstance(NAME)) {
            model.setBlock(network);
            Files.createDirectories(dir);
            model.save(dir, NAME);
            Files.writeString(dir.resolve(CARD), Json.write(card));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model in " + dir, e);
        }
    }

    /**
     * Reads a saved network's card.
     *
     * @param option the setting that named the directory, for errors (e.g. {@code --model})
     * @param dir the directory
     * @return the card
     */
    public static Card card(String option, Path dir) {
        Path file = dir.resolve(CARD);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(dir.resolve(NAME + "-0000.params"))) {
            throw new InvalidSettingException(
                    option,
                    dir,
                    "a directory of a saved network (" + CARD + " and " + NAME + "-0000.params)",
                    "pass the directory given to train --save or RunBuilder.save");
        }
        try {
            Card card = Json.read(Files.readString(file), Card.class);
            if (card == null || !FORMAT.equals(card.format()) || card.architecture() == null) {
                throw new InvalidSettingException(
                        option,
                        dir,
                        "a model card of format " + FORMAT,
                        "save the network again with this version of resgrow");
            }
            return card;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Reads a saved network's card.
     *
     * @param dir the directory
     * @return the card
     */
    public static Card card(Path dir) {
        return card("dir", dir);
    }
}
