package io.resgrow.models.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.resgrow.core.testing.GcPressure;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResidualBlockTest {

    /**
     * The gradient of a block with h = 0.5 must not depend on what the collector frees between
     * forward and backward: DJL's muli(double) hands autograd a scalar whose memory a Java buffer
     * owns, and the collector freeing it made multi-level runs nondeterministic.
     */
    @Test
    void gradientSurvivesCollectionBetweenForwardAndBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            ResidualBlock block = ResidualBlock.basic(4, 4, 1, 0.5);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 4, 6, 6));
            NDArray x = m.randomNormal(new Shape(2, 4, 6, 6));
            float[][] quiet = gradients(block, m, x, false);
            float[][] pressed = gradients(block, m, x, true);
            assertEquals(quiet.length, pressed.length);
            for (int i = 0; i < quiet.length; i++) {
                assertArrayEquals(quiet[i], pressed[i], "gradient of parameter " + i);
            }
        }
    }

    private static float[][] gradients(ResidualBlock block, NDManager m, NDArray x, boolean pressure) {
        List<ByteBuffer> poison = null;
        try (NDManager step = m.newSubManager();
                GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray y = block.forward(new ParameterStore(step, false), new NDList(x), true)
                    .head();
            if (pressure) {
                poison = GcPressure.reclaimAndPoison();
            }
            c.backward(y.sum());
        }
        List<float[]> out = new ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                NDArray g = p.getArray().getGradient();
                out.add(g.toFloatArray());
                g.subi(g);
                g.close();
            }
        }
        if (poison != null) {
            poison.clear();
        }
        return out.toArray(new float[0][]);
    }
}
