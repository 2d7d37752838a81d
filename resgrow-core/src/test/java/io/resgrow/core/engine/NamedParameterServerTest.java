package io.resgrow.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.resgrow.core.optim.Sgd;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedParameterServerTest {

    @Test
    void anUpdateLeavesTheGradientZeroEvenAfterAnInfinity() {
        try (NDManager m = NDManager.newBaseManager(); Sgd sgd = Sgd.builder().build()) {
            NamedParameterServer server = new NamedParameterServer(Map.of("id", "w"), sgd);
            server.setLearningRate(0.1);
            NDArray w = m.create(new float[] {1f, 2f, 3f});
            NDArray g = m.create(new float[] {Float.POSITIVE_INFINITY, Float.NaN, 1f});
            server.update("id", new NDArray[] {g}, new NDArray[] {w});
            assertArrayEquals(new float[] {0f, 0f, 0f}, g.toFloatArray(),
                    "a gradient zeroed by subtracting itself stays NaN after an infinity");
        }
    }
}
