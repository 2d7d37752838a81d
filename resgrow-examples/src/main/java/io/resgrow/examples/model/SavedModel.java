package io.resgrow.examples.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import io.resgrow.core.InvalidSettingException;
import io.resgrow.core.history.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained network on disk in DJL's own format ({@code resgrow-0000.params}) with its
 * {@link ModelCard} ({@code model.json}), so that {@code resgrow evaluate} and a user's own
 * {@code Model}/{@code Predictor} code can load it:
 *
 * <pre>{@code
 * ModelCard card = SavedModel.card(dir);
 * Model model = Model.newInstance("resgrow");
 * model.setBlock(card.network());
 * model.load(dir, SavedModel.NAME);
 * }</pre>
 */
public final class SavedModel {

    /** The model's name: DJL's prefix of the parameter file. */
    public static final String NAME = "resgrow";

    /** The card's file name. */
    public static final String CARD = "model.json";

    private SavedModel() {}

    /**
     * Writes a trained network and its card into a directory (created if needed).
     *
     * @param network the trained network
     * @param card its card
     * @param dir the directory
     */
    public static void save(Block network, ModelCard card, Path dir) {
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
     * Reads a saved model's card.
     *
     * @param option the option that named the directory, for errors (e.g. {@code --model})
     * @param dir the directory
     * @return the card
     */
    public static ModelCard card(String option, Path dir) {
        Path file = dir.resolve(CARD);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(dir.resolve(NAME + "-0000.params"))) {
            throw new InvalidSettingException(option, dir, "a directory written by train --save (" + CARD + " and "
                    + NAME + "-0000.params)", "pass the directory given to train --save");
        }
        try {
            ModelCard card = Json.read(Files.readString(file), ModelCard.class);
            if (card == null || !ModelCard.FORMAT.equals(card.format())) {
                throw new InvalidSettingException(option, dir, "a model card of format " + ModelCard.FORMAT,
                        "save the model again with this version of resgrow");
            }
            return card;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Loads a saved model for inference.
     *
     * @param option the option that named the directory, for errors
     * @param dir the directory
     * @return the model; the caller closes it
     */
    public static Model load(String option, Path dir) {
        ModelCard card = card(option, dir);
        Model model = Model.newInstance(NAME);
        try {
            model.setBlock(card.network());
            model.load(dir, NAME);
            return model;
        } catch (IOException | MalformedModelException e) {
            model.close();
            throw new InvalidSettingException(option, dir, "parameters that fit " + CARD + " (" + e.getMessage() + ")",
                    "save the model again with train --save");
        }
    }
}
