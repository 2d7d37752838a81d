package io.resgrow.strategies.partitioned;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.freeze.FreezableBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Starts the fusion head from the branches' proxy heads, so that stage 2 begins where the branches
 * ended instead of at chance: the head's output is then the mean of the proxies' logits, {@code
 * (1/K) sum_k (W_k f_k + b_k)}, on the concatenated features {@code [f_1 .. f_K]}, or one proxy's
 * alone when that one is more accurate on the validation features (branches of unequal quality:
 * the mean of a good and a poor one can fall below the good one).
 *
 * <p>Why: a head drawn at random over frozen features starts below chance and, at the paper's stage-2
 * rate (0.005) for the few hundred steps a small budget gives, never catches up with the branches
 * (issue 25: fused 0.07 -> 0.19 while each branch stood at 0.7). Two head shapes are set exactly:
 * <ul>
 *   <li>one linear layer: {@code W = [W_1 .. W_K] / K}, {@code b = mean b_k};
 *   <li>linear(H), ReLU, linear(C) with {@code H >= 2C}: hidden units c and C + c compute relu(z_c) and
 *       relu(-z_c), the second layer their difference, z_c, for every input;
 *   <li>linear(H), ReLU, linear(C) with {@code C <= H < 2C} (MonolithNet's FC-ReLU-FC): the first C hidden
 *       units compute the ensemble logits plus a shift {@code M} that keeps them positive on the
 *       training features (so the ReLU passes them), the second layer takes them back with the
 *       identity and a bias of {@code -M}; the other hidden units keep their random weights and
 *       start with a zero output weight, free to learn.
 * </ul>
 * A head of another shape, or branches whose proxies are not single linear layers, keep their
 * random start (the run's event says so).
 */
final class EnsembleHead {

    /** Samples per forward pass of {@link #accuracy}. */
    private static final int CHUNK = 1024;

    private EnsembleHead() {}

    /**
     * Sets the head from the proxies.
     *
     * @param fusion the fusion head
     * @param proxies the branches' proxy heads, in branch order
     * @param trainFeatures the concatenated training features (a batch of every sample), made when needed
     * @param chooseOn the features on which the start is chosen (validation's, else training's)
     * @return what was done, for the run's event
     */
    static String initialize(
            Block fusion, List<Block> proxies, Supplier<HostBatch> trainFeatures, Supplier<HostBatch> chooseOn) {
        List<float[]> before = new ArrayList<>();
        fusion.getParameters().values().forEach(p -> before.add(p.getArray().toFloatArray()));
        float[][] chosen = new float[2][];
        HostBatch[] train = new HostBatch[1];
        String how = set(
                fusion,
                proxies,
                () -> {
                    if (train[0] == null) {
                        train[0] = trainFeatures.get();
                    }
                    return train[0];
                },
                chooseOn,
                chosen);
        if (!how.startsWith("kept random") && !reproduces(fusion, chosen[0], chosen[1], train[0])) {
            List<Parameter> params = fusion.getParameters().values();
            for (int i = 0; i < params.size(); i++) {
                params.get(i).getArray().set(before.get(i));
            }
            return "kept random: the head's output did not reproduce the proxies' (" + how + ")";
        }
        return how;
    }

    private static String set(
            Block fusion,
            List<Block> proxies,
            Supplier<HostBatch> lazyFeatures,
            Supplier<HostBatch> chooseOn,
            float[][] chosen) {
        List<Linear> proxyLayers = new ArrayList<>();
        for (Block p : proxies) {
            Linear l = single(unwrap(p));
            if (l == null) {
                return "kept random: a proxy head is not one linear layer";
            }
            proxyLayers.add(l);
        }
        int classes = (int) weight(proxyLayers.get(0)).getShape().get(0);
        HostBatch trainFeatures = lazyFeatures.get();
        int features = trainFeatures.imageSize();
        int k = proxyLayers.size();
        int total = 0;
        for (Linear l : proxyLayers) {
            total += (int) weight(l).getShape().get(1);
        }
        if (total != features) {
            return "kept random: the proxies read " + total + " features, the head " + features;
        }
        // candidates: the mean of the proxies, and each proxy alone; the most accurate on the chosen data wins
        HostBatch judge = chooseOn.get();
        float[][] best = null;
        double bestAccuracy = -1;
        String what = null;
        for (int pick = -1; pick < k; pick++) {
            float[][] wb = combine(proxyLayers, classes, features, pick);
            double accuracy = accuracy(wb[0], wb[1], classes, judge);
            if (accuracy > bestAccuracy) {
                best = wb;
                bestAccuracy = accuracy;
                what = pick < 0 ? "the mean of " + k + " proxy heads" : "proxy head " + (pick + 1) + " alone";
            }
        }
        what += String.format(Locale.ROOT, " (accuracy %.4f on %d samples)", bestAccuracy, judge.count());
        chosen[0] = best[0];
        chosen[1] = best[1];
        Block head = unwrap(fusion);
        Linear only = single(head);
        if (only != null && weight(only).getShape().get(0) == classes) {
            weight(only).set(best[0]);
            only.getParameters().get("bias").getArray().set(best[1]);
            return what + ", one linear layer";
        }
        List<Linear> layers = linears(head);
        if (layers.size() == 2 && head.getChildren().size() == 3) {
            return what + ", "
                    + twoLayers(layers.get(0), layers.get(1), best[0], best[1], classes, features, trainFeatures);
        }
        return "kept random: a fusion head of another shape than linear or linear-ReLU-linear";
    }

    /** The proxies' weights side by side: each scaled by 1/K ({@code pick} -1), or one alone. */
    private static float[][] combine(List<Linear> proxies, int classes, int features, int pick) {
        float[] w = new float[classes * features];
        float[] b = new float[classes];
        int offset = 0;
        for (int p = 0; p < proxies.size(); p++) {
            Linear l = proxies.get(p);
            float share = pick < 0 ? 1f / proxies.size() : (p == pick ? 1f : 0f);
            float[] wk = weight(l).toFloatArray();
            int width = wk.length / classes;
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < width; j++) {
                    w[c * features + offset + j] = wk[c * width + j] * share;
                }
            }
            float[] bk = l.getParameters().get("bias").getArray().toFloatArray();
            for (int c = 0; c < classes; c++) {
                b[c] += bk[c] * share;
            }
            offset += width;
        }
        return new float[][] {w, b};
    }

    /** Top-1 accuracy of the linear map {@code w x + b} on a batch of features. */
    private static double accuracy(float[] w, float[] b, int classes, HostBatch data) {
        float[] z = logits(w, b, classes, data, data.count());
        int correct = 0;
        for (int i = 0; i < data.count(); i++) {
            int arg = 0;
            for (int c = 1; c < classes; c++) {
                if (z[i * classes + c] > z[i * classes + arg]) {
                    arg = c;
                }
            }
            correct += arg == data.labels()[i] ? 1 : 0;
        }
        return data.count() == 0 ? 0 : correct / (double) data.count();
    }

    private static float[] logits(float[] w, float[] b, int classes, HostBatch data, int n) {
        double[] exact = exactLogits(w, b, classes, data, n);
        float[] z = new float[exact.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) exact[i];
        }
        return z;
    }

    /** {@code w x + b} for the first {@code n} samples, summed in doubles. */
    private static double[] exactLogits(float[] w, float[] b, int classes, HostBatch data, int n) {
        int features = data.imageSize();
        float[] x = data.images();
        double[] z = new double[n * classes];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) {
                double sum = b[c];
                for (int j = 0; j < features; j++) {
                    sum += w[c * features + j] * x[i * features + j];
                }
                z[i * classes + c] = sum;
            }
        }
        return z;
    }

    private static String twoLayers(
            Linear first, Linear second, float[] w, float[] b, int classes, int features, HostBatch train) {
        NDArray a = weight(first);
        int hidden = (int) a.getShape().get(0);
        if (hidden < classes || weight(second).getShape().get(0) != classes) {
            return "kept random: " + hidden + " hidden units, fewer than the " + classes + " classes";
        }
        if (hidden >= 2 * classes) {
            return pairs(first, second, w, b, classes, hidden);
        }
        double shift = shift(w, b, classes, train);
        float[] a0 = a.toFloatArray();
        System.arraycopy(w, 0, a0, 0, w.length);
        a.set(a0);
        NDArray firstBias = first.getParameters().get("bias").getArray();
        float[] a1 = firstBias.toFloatArray();
        for (int c = 0; c < classes; c++) {
            a1[c] = (float) (b[c] + shift);
        }
        firstBias.set(a1);
        float[] out = new float[classes * hidden];
        for (int c = 0; c < classes; c++) {
            out[c * hidden + c] = 1f;
        }
        weight(second).set(out);
        float[] outBias = new float[classes];
        Arrays.fill(outBias, (float) -shift);
        second.getParameters().get("bias").getArray().set(outBias);
        return String.format(Locale.ROOT, "through %d of %d hidden units (shift %.3g)", classes, hidden, shift);
    }

    /**
     * With at least 2C hidden units: units c and C + c compute relu(z_c) and relu(-z_c), and the
     * second layer takes back z_c = relu(z_c) - relu(-z_c) for every input, with no shift: the
     * hidden activations are as large as the logits, not the logits plus M.
     */
    private static String pairs(Linear first, Linear second, float[] w, float[] b, int classes, int hidden) {
        NDArray a = weight(first);
        int features = w.length / classes;
        float[] a0 = a.toFloatArray();
        for (int i = 0; i < w.length; i++) {
            a0[i] = w[i];
            a0[classes * features + i] = -w[i];
        }
        a.set(a0);
        NDArray firstBias = first.getParameters().get("bias").getArray();
        float[] a1 = firstBias.toFloatArray();
        for (int c = 0; c < classes; c++) {
            a1[c] = b[c];
            a1[classes + c] = -b[c];
        }
        firstBias.set(a1);
        float[] out = new float[classes * hidden];
        for (int c = 0; c < classes; c++) {
            out[c * hidden + c] = 1f;
            out[c * hidden + classes + c] = -1f;
        }
        weight(second).set(out);
        second.getParameters().get("bias").getArray().set(new float[classes]);
        return String.format(Locale.ROOT, "through %d of %d hidden units as relu(z) - relu(-z)", 2 * classes, hidden);
    }

    /** Checks on up to 64 training samples that the head now computes {@code w x + b}. */
    private static boolean reproduces(Block fusion, float[] w, float[] b, HostBatch train) {
        int n = Math.min(64, train.count());
        int f = train.imageSize();
        int classes = b.length;
        float[] expected = logits(w, b, classes, train, n);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray in = m.create(Arrays.copyOf(train.images(), n * f), new Shape(n, f));
            float[] out = fusion.forward(new ParameterStore(m, false), new NDList(in), false)
                    .head()
                    .toFloatArray();
            double scale = 1;
            for (float e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            for (int i = 0; i < out.length; i++) {
                if (Math.abs(out[i] - expected[i]) > 1e-3 * scale) {
                    return false;
                }
            }
            return out.length == expected.length;
        }
    }

    /**
     * Top-1 accuracy of a head on a batch of features, through its own forward pass in inference mode
     * (the computation the run's validation does).
     *
     * @param head the head
     * @param data the features and labels
     * @return the share of samples whose largest logit is their label's
     */
    static double accuracy(Block head, HostBatch data) {
        int f = data.imageSize();
        int correct = 0;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (int from = 0; from < data.count(); from += CHUNK) {
                int n = Math.min(CHUNK, data.count() - from);
                try (NDManager chunk = m.newSubManager()) {
                    NDArray in =
                            chunk.create(Arrays.copyOfRange(data.images(), from * f, (from + n) * f), new Shape(n, f));
                    int[] predicted = head.forward(new ParameterStore(chunk, false), new NDList(in), false)
                            .head()
                            .argMax(1)
                            .toType(DataType.INT32, false)
                            .toIntArray();
                    for (int i = 0; i < n; i++) {
                        correct += predicted[i] == data.labels()[from + i] ? 1 : 0;
                    }
                }
            }
        }
        return data.count() == 0 ? 0 : correct / (double) data.count();
    }

    /** A shift that keeps every ensemble logit of the training features positive, with a margin. */
    private static double shift(float[] w, float[] b, int classes, HostBatch train) {
        double lowest = 0;
        for (double z : exactLogits(w, b, classes, train, train.count())) {
            lowest = Math.min(lowest, z);
        }
        return 1 - 2 * lowest;
    }

    static HostBatch all(BatchSource source) {
        return source.batch(IntStream.range(0, source.count()).toArray());
    }

    private static NDArray weight(Linear l) {
        return l.getParameters().get("weight").getArray();
    }

    private static Block unwrap(Block block) {
        Block b = block;
        while (b instanceof FreezableBlock && b.getChildren().size() == 1) {
            b = b.getChildren().values().get(0);
        }
        return b;
    }

    private static Linear single(Block block) {
        if (block instanceof Linear l) {
            return l;
        }
        if (block instanceof SequentialBlock s && s.getChildren().size() == 1) {
            return single(s.getChildren().values().get(0));
        }
        return null;
    }

    private static List<Linear> linears(Block block) {
        List<Linear> out = new ArrayList<>();
        if (block instanceof SequentialBlock s) {
            for (Block child : s.getChildren().values()) {
                if (child instanceof Linear l) {
                    out.add(l);
                }
            }
        }
        return out;
    }
}
