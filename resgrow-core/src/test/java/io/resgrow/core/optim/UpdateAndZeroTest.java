package io.resgrow.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * {@link NamedOptimizer#updateAndZero} changes the weight exactly as {@link NamedOptimizer#update}
 * does and leaves the gradient zero, an infinity included, on the element-wise path (one cut of each
 * large array for both) and for a rule that updates whole (Adam).
 */
class UpdateAndZeroTest {

    // 64x64x3x3: two pieces under a passive wait policy (as the build's tests run), whole otherwise
    private static final Shape SHAPE = new Shape(64, 64, 3, 3);

    private static void sameUpdateThenZero(NamedOptimizer a, NamedOptimizer b) {
        try (NDManager m = NDManager.newBaseManager(); a; b) {
            m.getEngine().setRandomSeed(3);
            NDArray w = m.randomNormal(SHAPE);
            NDArray w2 = w.duplicate();
            for (int step = 0; step < 3; step++) {
                NDArray g = m.randomNormal(SHAPE);
                NDArray g2 = g.duplicate();
                a.update("w", w, g, 0.1);
                b.updateAndZero("w", w2, g2, 0.1);
                assertArrayEquals(w.toFloatArray(), w2.toFloatArray(), 0f, "step " + step);
                assertArrayEquals(new float[(int) SHAPE.size()], g2.toFloatArray(), 0f, "step " + step);
            }
            float[] inf = new float[(int) SHAPE.size()];
            inf[inf.length - 1] = Float.POSITIVE_INFINITY;
            NDArray g = m.create(inf, SHAPE);
            b.updateAndZero("w", w2, g, 0.1);
            assertArrayEquals(new float[inf.length], g.toFloatArray(), 0f, "an infinity leaves no NaN");
        }
    }

    @Test
    void sgdUpdatesAsBeforeAndZeroesTheGradient() {
        sameUpdateThenZero(Sgd.builder().momentum(0.9).weightDecay(5e-4).build(),
                Sgd.builder().momentum(0.9).weightDecay(5e-4).build());
    }

    @Test
    void adamUpdatingWholeAlsoZeroesTheGradient() {
        sameUpdateThenZero(Adam.builder().weightDecay(1e-4).build(), Adam.builder().weightDecay(1e-4).build());
    }
}
