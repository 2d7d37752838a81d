package io.resgrow.datasets.augment;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.data.HostBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Per-channel normalisation {@code (x - mean[c]) / std[c]}, with statistics given or computed from
 * the training set. Deterministic: use it as the run's {@code preprocess} so that evaluation sees
 * the same.
 */
public final class ChannelNormalize implements BatchTransform {

    private final float[] mean;
    private final float[] std;

    /**
     * Creates the transform.
     *
     * @param mean per-channel means
     * @param std per-channel standard deviations, each > 0
     */
    public ChannelNormalize(float[] mean, float[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new InvalidSettingException(
                    "std",
                    Arrays.toString(std),
                    "one value per channel, as many as mean (" + mean.length + ")",
                    "give mean and std the same length");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new InvalidSettingException(
                        "std", Arrays.toString(std), "values > 0", "use positive standard deviations");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * Computes per-channel mean and standard deviation from a data source.
     *
     * @param data the training data
     * @return the transform
     */
    public static ChannelNormalize fromData(BatchSource data) {
        double[] sum = null;
        double[] sq = null;
        long perChannel = 0;
        int chunk = 1000;
        for (int from = 0; from < data.count(); from += chunk) {
            int[] idx = new int[Math.min(chunk, data.count() - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            HostBatch b = data.batch(idx);
            if (sum == null) {
                sum = new double[b.channels()];
                sq = new double[b.channels()];
            }
            int plane = b.height() * b.width();
            float[] x = b.images();
            for (int n = 0; n < b.count(); n++) {
                for (int c = 0; c < b.channels(); c++) {
                    int base = (n * b.channels() + c) * plane;
                    for (int i = 0; i < plane; i++) {
                        double v = x[base + i];
                        sum[c] += v;
                        sq[c] += v * v;
                    }
                }
            }
            perChannel += (long) b.count() * plane;
        }
        if (sum == null) {
            throw new IllegalArgumentException("cannot compute statistics of an empty dataset");
        }
        float[] mean = new float[sum.length];
        float[] std = new float[sum.length];
        for (int c = 0; c < sum.length; c++) {
            double m = sum[c] / perChannel;
            mean[c] = (float) m;
            std[c] = (float) Math.sqrt(Math.max(1e-12, sq[c] / perChannel - m * m));
        }
        return new ChannelNormalize(mean, std);
    }

    /**
     * Returns the means.
     *
     * @return a copy
     */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * Returns the standard deviations.
     *
     * @return a copy
     */
    public float[] std() {
        return std.clone();
    }

    @Override
    public void apply(HostBatch batch, Random random) {
        if (batch.channels() != mean.length) {
            throw new IllegalArgumentException("Normalize has " + mean.length + " channel statistics but the batch has "
                    + batch.channels() + " channels");
        }
        float[] x = batch.images();
        int plane = batch.height() * batch.width();
        for (int n = 0; n < batch.count(); n++) {
            for (int c = 0; c < mean.length; c++) {
                int base = (n * mean.length + c) * plane;
                float m = mean[c];
                float inv = 1f / std[c];
                for (int i = 0; i < plane; i++) {
                    x[base + i] = (x[base + i] - m) * inv;
                }
            }
        }
    }

    /**
     * Describes the normalisation for a saved model's card: {@code type normalize}, {@code mean},
     * {@code std}; {@link #from} reads it back.
     *
     * @return the description
     */
    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "normalize");
        m.put("mean", floats(mean));
        m.put("std", floats(std));
        return m;
    }

    private static List<Float> floats(float[] a) {
        List<Float> out = new ArrayList<>();
        for (float f : a) {
            out.add(f);
        }
        return out;
    }

    /**
     * Reads a normalisation back from {@link #settings()} (after a JSON round trip).
     *
     * @param settings the description
     * @return the normalisation, or null if the description is not one
     */
    public static ChannelNormalize from(Map<String, Object> settings) {
        if (settings == null || !"normalize".equals(settings.get("type"))) {
            return null;
        }
        return new ChannelNormalize(array(settings.get("mean")), array(settings.get("std")));
    }

    private static float[] array(Object list) {
        List<?> l = (List<?>) list;
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).floatValue();
        }
        return out;
    }

    @Override
    public String toString() {
        return "Normalize" + Arrays.toString(mean) + "/" + Arrays.toString(std);
    }
}
