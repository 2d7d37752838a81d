package io.resgrow.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedParameterServerTest {

    @Test
    void anUpdateLeavesTheGradientZeroEvenAfterAnInfinity() {
        try (NDManager m = NDManager.newBaseManager();
                NamedSgd sgd = NamedSgd.builder().build()) {
            NamedParameterServer server = new NamedParameterServer(Map.of("id", "w"), sgd);
            server.setLearningRate(0.1);
            NDArray w = m.create(new float[] {1f, 2f, 3f});
            NDArray g = m.create(new float[] {Float.POSITIVE_INFINITY, Float.NaN, 1f});
            server.update("id", new NDArray[] {g}, new NDArray[] {w});
            assertArrayEquals(
                    new float[] {0f, 0f, 0f},
                    g.toFloatArray(),
                    "a gradient zeroed by subtracting itself stays NaN after an infinity");
        }
    }

    @Test
    void anInfiniteGradientInOneStepLeavesNoNanInTheNextStepsGradient() {
        try (NDManager m = NDManager.newBaseManager();
                NamedSgd sgd =
                        NamedSgd.builder().momentum(0.9).weightDecay(1e-4).build()) {
            NamedParameterServer server = new NamedParameterServer(Map.of("id", "w"), sgd);
            server.setLearningRate(0.1);
            NDArray w = m.create(new float[] {1f, 2f});
            NDArray g = m.create(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
            server.update("id", new NDArray[] {g}, new NDArray[] {w});
            // the next backward pass accumulates into the same gradient array (PyTorch's rule)
            g.addi(m.create(new float[] {0.5f, -0.25f}));
            assertArrayEquals(new float[] {0.5f, -0.25f}, g.toFloatArray(), "the next step's gradient");
            server.close();
        }
    }

    @Test
    void aLargeGradientIsZeroedEverywhereAfterTheUpdate() {
        // 64x64x3x3: zeroed in two slices under a passive wait policy (as the build's tests run), whole otherwise
        try (NDManager m = NDManager.newBaseManager();
                NamedSgd sgd = NamedSgd.builder().build()) {
            NamedParameterServer server = new NamedParameterServer(Map.of("id", "w"), sgd);
            server.setLearningRate(0.1);
            Shape shape = new Shape(64, 64, 3, 3);
            NDArray w = m.ones(shape);
            NDArray g = m.ones(shape);
            server.update("id", new NDArray[] {g}, new NDArray[] {w});
            assertArrayEquals(new float[36_864], g.toFloatArray());
            float[] updated = new float[36_864];
            Arrays.fill(updated, 0.9f);
            assertArrayEquals(updated, w.toFloatArray(), "every element updated: 1 - 0.1 * 1");
            server.close();
        }
    }
}
