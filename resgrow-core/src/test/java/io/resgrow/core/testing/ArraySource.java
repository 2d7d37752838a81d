package io.resgrow.core.testing;

import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.HostBatch;
import java.util.Random;

/** A small in-memory {@link BatchSource} for tests: noisy class prototypes that a net can learn. */
public final class ArraySource implements BatchSource {

    private final float[] images;
    private final int[] labels;
    private final int classes;
    private final int c;
    private final int h;
    private final int w;

    /**
     * Creates a source from arrays.
     *
     * @param images NCHW pixels
     * @param labels labels
     * @param classes class count
     * @param c channels
     * @param h height
     * @param w width
     */
    public ArraySource(float[] images, int[] labels, int classes, int c, int h, int w) {
        this.images = images;
        this.labels = labels;
        this.classes = classes;
        this.c = c;
        this.h = h;
        this.w = w;
    }

    /**
     * Makes learnable data: each class has a random prototype, each sample is prototype + noise.
     *
     * @param n samples
     * @param classes classes
     * @param c channels
     * @param hw height and width
     * @param noise noise standard deviation
     * @param seed the seed (the prototypes depend on {@code classes} and {@code protoSeed} only)
     * @return the source
     */
    public static ArraySource blobs(int n, int classes, int c, int hw, double noise, long seed) {
        Random protoRandom = new Random(1234);
        int size = c * hw * hw;
        float[][] protos = new float[classes][size];
        for (float[] p : protos) {
            for (int i = 0; i < size; i++) {
                p[i] = (float) protoRandom.nextGaussian();
            }
        }
        Random r = new Random(seed);
        float[] x = new float[n * size];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < size; j++) {
                x[i * size + j] = protos[y[i]][j] + (float) (noise * r.nextGaussian());
            }
        }
        return new ArraySource(x, y, classes, c, hw, hw);
    }

    @Override
    public int count() {
        return labels.length;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public HostBatch batch(int[] indices) {
        int size = c * h * w;
        float[] x = new float[indices.length * size];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(images, indices[i] * size, x, i * size, size);
            y[i] = labels[indices[i]];
        }
        return new HostBatch(x, y, indices.length, c, h, w);
    }
}
