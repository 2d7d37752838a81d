package io.resgrow.core.data;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;

/**
 * What a run trains and evaluates on, validated.
 *
 * @param train the training data
 * @param validation validation data, or null
 * @param test test data, or null
 * @param inputShape the shape of one sample (e.g. 1,28,28)
 * @param preprocess a deterministic change applied to every batch (training and evaluation), e.g.
 *     normalisation
 * @param augment a random change applied to training batches only
 * @param evalBatchSize the batch size for validation and test
 */
public record RunData(
        BatchSource train,
        BatchSource validation,
        BatchSource test,
        Shape inputShape,
        BatchTransform preprocess,
        BatchTransform augment,
        int evalBatchSize) {

    /** Validates the data settings; no transform means the identity. */
    public RunData {
        Check.notNull("train", train);
        Check.notNull("inputShape", inputShape);
        Check.positive("evalBatchSize", evalBatchSize);
        if (train.count() == 0) {
            throw new InvalidSettingException(
                    "train", "0 samples", "at least one sample", "pass a non-empty training set");
        }
        preprocess = preprocess == null ? BatchTransform.identity() : preprocess;
        augment = augment == null ? BatchTransform.identity() : augment;
    }
}
