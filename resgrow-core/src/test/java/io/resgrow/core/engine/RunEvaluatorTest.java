package io.resgrow.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import io.resgrow.core.testing.ArraySource;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Accuracy and mean loss of a block whose logits are the same for every sample, (2, 0): it predicts
 * class 0, and the cross-entropy of a sample is log(1 + e^-2) for label 0 and log(1 + e^2) for
 * label 1, whatever the batches.
 */
class RunEvaluatorTest {

    @Test
    void accuracyAndLossMatchTheClosedForm() {
        ArraySource data = ArraySource.blobs(37, 2, 1, 4, 1.0, 3);
        int[] labels = data.batch(IntStream.range(0, 37).toArray()).labels();
        long zeros = Arrays.stream(labels).filter(l -> l == 0).count();
        LambdaBlock constant = new LambdaBlock(in -> {
            NDArray x = in.head();
            long n = x.getShape().get(0);
            NDArray logits = x.getManager().zeros(new Shape(n, 2));
            logits.set(new NDIndex(":, 0"), 2f);
            return new NDList(logits);
        });
        RunEvaluator.Evaluation e = RunEvaluator.evaluate(constant, data, 10, Device.cpu(), null);
        double expectedLoss = (zeros * Math.log1p(Math.exp(-2)) + (37 - zeros) * Math.log1p(Math.exp(2))) / 37;
        assertEquals(zeros / 37.0, e.accuracy(), 1e-12);
        assertEquals(expectedLoss, e.loss(), 1e-5);
    }
}
