package io.resgrow.core.testing;

import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.FloatArraySource;
import java.util.Random;

/** A small in-memory {@link BatchSource} for tests: noisy class prototypes that a net can learn. */
public final class ArraySource extends FloatArraySource {

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
        super(images, labels, classes, c, h, w);
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
}
