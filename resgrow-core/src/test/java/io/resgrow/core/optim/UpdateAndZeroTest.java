package io.resgrow.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * {@link NamedOptimizer#updateAndZero} changes the weight as the rule's formula says, computed here
 * in doubles element by element (not by the optimizer's own {@code update}), and leaves the gradient
 * zero, an infinity included, on the element-wise path (one cut of each large array for both) and
 * for a rule that updates whole (NamedAdam).
 */
class UpdateAndZeroTest {

    // 64x64x3x3: two pieces under a passive wait policy (as the build's tests run), whole otherwise
    private static final Shape SHAPE = new Shape(64, 64, 3, 3);
    private static final int N = (int) SHAPE.size();
    private static final double LR = 0.1;

    /** One step of a rule's formula on doubles: updates {@code w} (and the rule's own state) in place. */
    private interface Formula {
        void step(double[] w, float[] g, int t);
    }

    private static void updatesByTheFormulaThenZeroes(NamedOptimizer optimizer, Formula formula) {
        try (NDManager m = NDManager.newBaseManager();
                optimizer) {
            m.getEngine().setRandomSeed(3);
            NDArray w = m.randomNormal(SHAPE);
            double[] expected = new double[N];
            float[] start = w.toFloatArray();
            for (int i = 0; i < N; i++) {
                expected[i] = start[i];
            }
            for (int t = 1; t <= 3; t++) {
                NDArray g = m.randomNormal(SHAPE);
                formula.step(expected, g.toFloatArray(), t);
                optimizer.updateAndZero("w", w, g, LR);
                float[] got = w.toFloatArray();
                double worst = 0;
                for (int i = 0; i < N; i++) {
                    worst = Math.max(worst, Math.abs(got[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
                }
                assertEquals(0, worst, 1e-5, "step " + t + ": largest relative difference from the formula");
                assertArrayEquals(new float[N], g.toFloatArray(), 0f, "step " + t);
            }
            float[] inf = new float[N];
            inf[N - 1] = Float.POSITIVE_INFINITY;
            NDArray g = m.create(inf, SHAPE);
            optimizer.updateAndZero("w", w, g, LR);
            assertArrayEquals(new float[N], g.toFloatArray(), 0f, "an infinity leaves no NaN");
        }
    }

    @Test
    void sgdUpdatesByPyTorchsFormulaAndZeroesTheGradient() {
        double momentum = 0.9;
        double decay = 5e-4;
        double[] buffer = new double[N];
        updatesByTheFormulaThenZeroes(
                NamedSgd.builder().momentum(momentum).weightDecay(decay).build(), (w, g, t) -> {
                    for (int i = 0; i < N; i++) {
                        double d = g[i] + decay * w[i];
                        buffer[i] = t == 1 ? d : momentum * buffer[i] + d;
                        w[i] -= LR * buffer[i];
                    }
                });
    }

    @Test
    void adamUpdatingWholeFollowsItsFormulaAndZeroesTheGradient() {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double decay = 1e-4;
        double[] mean = new double[N];
        double[] square = new double[N];
        updatesByTheFormulaThenZeroes(NamedAdam.builder().weightDecay(decay).build(), (w, g, t) -> {
            for (int i = 0; i < N; i++) {
                double d = g[i] + decay * w[i];
                mean[i] = b1 * mean[i] + (1 - b1) * d;
                square[i] = b2 * square[i] + (1 - b2) * d * d;
                double mHat = mean[i] / (1 - Math.pow(b1, t));
                double vHat = square[i] / (1 - Math.pow(b2, t));
                w[i] -= LR * mHat / (Math.sqrt(vHat) + eps);
            }
        });
    }
}
