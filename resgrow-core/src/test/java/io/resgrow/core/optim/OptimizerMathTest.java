package io.resgrow.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.InvalidSettingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each update rule against values computed by hand (in doubles) for two steps. */
class OptimizerMathTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private float[] run(NamedOptimizer opt, String name, double[] lrs, float[] w0, float[][] grads) {
        NDArray w = manager.create(w0);
        for (int t = 0; t < lrs.length; t++) {
            opt.update(name, w, manager.create(grads[t]), lrs[t]);
        }
        return w.toFloatArray();
    }

    private static final float[] W = {1.0f, -2.0f};
    private static final float[][] G = {{0.5f, -1.0f}, {0.25f, 0.5f}};

    @Test
    void aLargeParameterUpdatedInPiecesMatchesTheFormulaInFloatsElementByElement() {
        // 80 x 1,000 = 80,000 elements: updated in three pieces below libtorch's grain size
        int n = 80_000;
        float[] w0 = new float[n];
        float[][] g = new float[2][n];
        for (int i = 0; i < n; i++) {
            w0[i] = (float) Math.sin(i * 0.37);
            g[0][i] = (float) Math.cos(i * 0.11);
            g[1][i] = (float) Math.sin(i * 0.05 + 1);
        }
        NamedSgd sgd = NamedSgd.builder().momentum(0.9).weightDecay(0.1).build();
        NDArray w = manager.create(w0, new Shape(80, 1000));
        double[] lrs = {0.1, 0.05};
        for (int t = 0; t < 2; t++) {
            sgd.update("net/weight", w, manager.create(g[t], new Shape(80, 1000)), lrs[t]);
        }
        // PyTorch's form, one float operation at a time as the kernels do them
        float[] expected = w0.clone();
        float[] b = new float[n];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < n; i++) {
                float gi = g[t][i] + expected[i] * 0.1f;
                b[i] = b[i] * 0.9f + gi;
                expected[i] = expected[i] - b[i] * (float) lrs[t];
            }
        }
        assertArrayEquals(expected, w.toFloatArray());
        assertArrayEquals(b, sgd.state().slot("net/weight", 0).toFloatArray());
    }

    @Test
    void sgdMomentumIsPyTorchForm() {
        // wd 0.1: g1 = (0.6, -1.2), b1 = g1, w1 = w0 - 0.1 b1 = (0.94, -1.88)
        // g2 = (0.25 + 0.094, 0.5 - 0.188) = (0.344, 0.312), b2 = 0.9 b1 + g2 = (0.884, -0.768)
        // lr changes to 0.05: w2 = w1 - 0.05 b2 = (0.8958, -1.8416)
        NamedSgd sgd = NamedSgd.builder().momentum(0.9).weightDecay(0.1).build();
        float[] w = run(sgd, "net/weight", new double[] {0.1, 0.05}, W, G);
        assertArrayEquals(new float[] {0.8958f, -1.8416f}, w, 1e-5f);
        assertEquals(2, sgd.state().steps("net/weight"));
    }

    @Test
    void sgdNesterov() {
        // b1 = g1 = (0.5, -1), step dir = g1 + 0.9 b1 = (0.95, -1.9), w1 = (0.905, -1.81)
        // b2 = 0.9 b1 + g2 = (0.7, -0.4), dir = g2 + 0.9 b2 = (0.88, 0.14), w2 = (0.817, -1.824)
        NamedSgd sgd = NamedSgd.builder().momentum(0.9).nesterov(true).build();
        float[] w = run(sgd, "w", new double[] {0.1, 0.1}, W, G);
        assertArrayEquals(new float[] {0.817f, -1.824f}, w, 1e-5f);
    }

    @Test
    void weightDecayCanSkipBatchNormAndBiases() {
        NamedSgd sgd = NamedSgd.builder()
                .momentum(0)
                .weightDecay(0.5)
                .decayOnlyWeights(true)
                .build();
        assertTrue(sgd.decays("net/01Conv2d_weight"));
        assertFalse(sgd.decays("net/02BatchNorm_gamma"));
        assertFalse(sgd.decays("net/03Linear_bias"));
        float[] w = run(sgd, "net/bn_gamma", new double[] {1.0}, W, new float[][] {{0f, 0f}});
        assertArrayEquals(W, w, 0f);
    }

    @Test
    void rmsPropMatchesHandComputation() {
        double alpha = 0.9;
        double eps = 1e-8;
        double lr = 0.01;
        double[] w = {1.0, -2.0};
        double[] v = {0, 0};
        for (float[] g : G) {
            for (int i = 0; i < 2; i++) {
                v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i];
                w[i] -= lr * g[i] / (Math.sqrt(v[i]) + eps);
            }
        }
        NamedRmsProp opt = NamedRmsProp.builder().alpha(alpha).epsilon(eps).build();
        float[] got = run(opt, "w", new double[] {lr, lr}, W, G);
        assertArrayEquals(new float[] {(float) w[0], (float) w[1]}, got, 1e-5f);
    }

    @Test
    void rmsPropWithMomentumAndDecayMatchesPyTorch() {
        // torch.optim.RMSprop([w], lr=0.01, alpha=0.99, eps=1e-8, momentum=0.9, weight_decay=0.1),
        // torch 1.13, w0 = (1, -2), gradients (0.5, -0.1), (0.2, 0.3), (-0.4, 0.05): after each step
        // (0.900000036, -1.899999976), (0.766305745, -1.844578147), (0.689958930, -1.755600572)
        NamedRmsProp opt = NamedRmsProp.builder()
                .alpha(0.99)
                .epsilon(1e-8)
                .momentum(0.9)
                .weightDecay(0.1)
                .build();
        float[][] g = {{0.5f, -0.1f}, {0.2f, 0.3f}, {-0.4f, 0.05f}};
        float[] got = run(opt, "w", new double[] {0.01, 0.01, 0.01}, W, g);
        assertArrayEquals(new float[] {0.689958930f, -1.755600572f}, got, 1e-6f);
    }

    @Test
    void adamMatchesHandComputationWithBiasCorrection() {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double lr = 0.1;
        double wd = 0.01;
        double[] w = {1.0, -2.0};
        double[] m = {0, 0};
        double[] v = {0, 0};
        for (int t = 1; t <= 2; t++) {
            for (int i = 0; i < 2; i++) {
                double g = G[t - 1][i] + wd * w[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mh = m[i] / (1 - Math.pow(b1, t));
                double vh = v[i] / (1 - Math.pow(b2, t));
                w[i] -= lr * mh / (Math.sqrt(vh) + eps);
            }
        }
        NamedAdam adam = NamedAdam.builder().weightDecay(wd).build();
        float[] got = run(adam, "w", new double[] {lr, lr}, W, G);
        assertArrayEquals(new float[] {(float) w[0], (float) w[1]}, got, 1e-5f);
    }

    @Test
    void adamWDecaysTheWeightNotTheGradient() {
        // first step of Adam moves every coordinate by lr (m/sqrt(v) = sign(g)); AdamW first scales w
        NamedAdam adamW = NamedAdam.builder().weightDecay(0.1).decoupled(true).build();
        float[] got = run(adamW, "w", new double[] {0.1}, W, new float[][] {G[0]});
        assertArrayEquals(new float[] {1.0f * 0.99f - 0.1f, -2.0f * 0.99f + 0.1f}, got, 1e-5f);
    }

    @Test
    void badHyperparametersAreTypedErrorsNamingTheParameter() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class, () -> NamedSgd.builder().momentum(1.5));
        assertEquals("momentum", e.parameter());
        assertTrue(e.getMessage().contains("Received: momentum=1.5"), e.getMessage());
        assertThrows(
                InvalidSettingException.class,
                () -> NamedSgd.builder().momentum(0).nesterov(true).build());
        assertThrows(InvalidSettingException.class, () -> NamedAdam.builder().weightDecay(-1));
        assertThrows(InvalidSettingException.class, () -> NamedRmsProp.builder().epsilon(0));
    }
}
