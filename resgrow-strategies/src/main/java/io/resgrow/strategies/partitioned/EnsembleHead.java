package io.resgrow.strategies.partitioned;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * Starts the fusion head as the ensemble of the branches' proxy heads, so that stage 2 begins where
 * the branches ended instead of at chance: the head's output is then the mean of the proxies'
 * logits, {@code (1/K) sum_k (W_k f_k + b_k)}, on the concatenated features {@code [f_1 .. f_K]}.
 *
 * <p>Why: a head drawn at random over frozen features starts below chance and, at the paper's stage-2
 * rate (0.005) for the few hundred steps a small budget gives, never catches up with the branches
 * (issue 25: fused 0.07 -> 0.19 while each branch stood at 0.7). Two head shapes are set exactly:
 * <ul>
 *   <li>one linear layer: {@code W = [W_1 .. W_K] / K}, {@code b = mean b_k};
 *   <li>linear(H), ReLU, linear(C) with {@code H >= C} (MonolithNet's FC-ReLU-FC): the first C hidden
 *       units compute the ensemble logits plus a shift {@code M} that keeps them positive on the
 *       training features (so the ReLU passes them), the second layer takes them back with the
 *       identity and a bias of {@code -M}; the other hidden units keep their random weights and
 *       start with a zero output weight, free to learn.
 * </ul>
 * A head of another shape, or branches whose proxies are not single linear layers, keep their
 * random start (the run's event says so).
 */
final class EnsembleHead {

    private EnsembleHead() {}

    /**
     * Sets the head from the proxies.
     *
     * @param fusion the fusion head
     * @param proxies the branches' proxy heads, in branch order
     * @param trainFeatures the concatenated training features (a batch of every sample), made when needed
     * @return what was done, for the run's event
     */
    static String initialize(Block fusion, List<Block> proxies, Supplier<HostBatch> trainFeatures) {
        List<float[]> before = new ArrayList<>();
        fusion.getParameters().values().forEach(p -> before.add(p.getArray().toFloatArray()));
        HostBatch[] features = new HostBatch[1];
        String how = set(fusion, proxies, () -> {
            if (features[0] == null) {
                features[0] = trainFeatures.get();
            }
            return features[0];
        });
        if (!how.startsWith("kept random") && !reproduces(fusion, proxies, features[0])) {
            List<Parameter> params = fusion.getParameters().values();
            for (int i = 0; i < params.size(); i++) {
                params.get(i).getArray().set(before.get(i));
            }
            return "kept random: the head's output did not reproduce the proxies' mean (" + how + ")";
        }
        return how;
    }

    private static String set(Block fusion, List<Block> proxies, Supplier<HostBatch> lazyFeatures) {
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
        float[] w = new float[classes * features];
        float[] b = new float[classes];
        int offset = 0;
        int k = proxyLayers.size();
        for (Linear l : proxyLayers) {
            float[] wk = weight(l).toFloatArray();
            int width = wk.length / classes;
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < width; j++) {
                    w[c * features + offset + j] = wk[c * width + j] / k;
                }
            }
            float[] bk = l.getParameters().get("bias").getArray().toFloatArray();
            for (int c = 0; c < classes; c++) {
                b[c] += bk[c] / k;
            }
            offset += width;
        }
        if (offset != features) {
            return "kept random: the proxies read " + offset + " features, the head " + features;
        }
        Block head = unwrap(fusion);
        Linear only = single(head);
        if (only != null && weight(only).getShape().get(0) == classes) {
            weight(only).set(w);
            only.getParameters().get("bias").getArray().set(b);
            return "the mean of " + k + " proxy heads (one linear layer)";
        }
        List<Linear> layers = linears(head);
        if (layers.size() == 2 && head.getChildren().size() == 3) {
            return twoLayers(layers.get(0), layers.get(1), w, b, classes, features, trainFeatures);
        }
        return "kept random: a fusion head of another shape than linear or linear-ReLU-linear";
    }

    private static String twoLayers(
            Linear first, Linear second, float[] w, float[] b, int classes, int features, HostBatch train) {
        NDArray a = weight(first);
        int hidden = (int) a.getShape().get(0);
        if (hidden < classes || weight(second).getShape().get(0) != classes) {
            return "kept random: " + hidden + " hidden units, fewer than the " + classes + " classes";
        }
        double shift = shift(w, b, classes, features, train);
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
        return String.format(
                Locale.ROOT,
                "the mean of the proxy heads through %d of %d hidden units (shift %.3g)",
                classes,
                hidden,
                shift);
    }

    /** Checks on up to 64 training samples that the head now gives the proxies' mean logits. */
    private static boolean reproduces(Block fusion, List<Block> proxies, HostBatch train) {
        int n = Math.min(64, train.count());
        int f = train.imageSize();
        float[] x = Arrays.copyOf(train.images(), n * f);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            ParameterStore store = new ParameterStore(m, false);
            NDArray in = m.create(x, new Shape(n, f));
            NDArray out = fusion.forward(store, new NDList(in), false).head();
            NDArray mean = null;
            long at = 0;
            for (Block p : proxies) {
                long width = weight(single(unwrap(p))).getShape().get(1);
                NDArray part = in.get(":, " + at + ":" + (at + width));
                NDArray z = p.forward(store, new NDList(part), false).head();
                mean = mean == null ? z : mean.add(z);
                at += width;
            }
            mean = mean.div(proxies.size());
            float tolerance = 1e-3f * (1 + mean.abs().max().getFloat());
            return out.sub(mean).abs().max().getFloat() <= tolerance;
        }
    }

    /** A shift that keeps every ensemble logit of the training features positive, with a margin. */
    private static double shift(float[] w, float[] b, int classes, int features, HostBatch train) {
        float[] x = train.images();
        double lowest = 0;
        for (int i = 0; i < train.count(); i++) {
            for (int c = 0; c < classes; c++) {
                double z = b[c];
                for (int j = 0; j < features; j++) {
                    z += w[c * features + j] * x[i * features + j];
                }
                lowest = Math.min(lowest, z);
            }
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
