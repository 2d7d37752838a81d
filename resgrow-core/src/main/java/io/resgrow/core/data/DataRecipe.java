package io.resgrow.core.data;

import java.io.Serializable;

/**
 * A run's data as plain values that any process turns into the same data: a path every machine can
 * read, or a seed that generates it; the sets it makes, how every batch is preprocessed and how a
 * training batch is augmented. A run that trains phases in other processes (resgrow-spark's
 * executors) hands them the recipe instead of the data, and builds its own data from the same
 * recipe, so both sides see the same samples in the same order. Implementations are records (their
 * equality lets a process load a recipe once).
 */
public interface DataRecipe extends Serializable {

    /**
     * Loads or generates the data.
     *
     * @return the data
     * @throws io.resgrow.core.check.InvalidSettingException if this process cannot read it
     */
    Made make();

    /**
     * Says where the data comes from, for messages.
     *
     * @return e.g. a directory, or {@code synthetic 2000 images, seed 7}
     */
    String describe();

    /**
     * What a recipe makes.
     *
     * @param train the training data
     * @param validation the validation data, or null
     * @param preprocess what every batch gets (the run's {@code preprocess})
     * @param augment what a training batch gets (the run's {@code augment})
     */
    record Made(BatchSource train, BatchSource validation, BatchTransform preprocess, BatchTransform augment) {}
}
