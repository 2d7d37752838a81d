package io.resgrow.datasets;

import io.resgrow.core.check.Check;
import java.util.Random;

/**
 * Synthetic images with learnable structure, for tests and demos: every class has a fixed random
 * prototype (smooth blobs), and each sample is its class's prototype with pixel noise, brightness
 * jitter and a small random shift, so a network must generalise rather than memorise.
 */
public final class SyntheticDataset {

    private SyntheticDataset() {}

    /**
     * Makes a dataset.
     *
     * @param count samples
     * @param classes classes, >= 2
     * @param channels channels
     * @param size height and width
     * @param noise pixel noise standard deviation on a 0..255 scale (e.g. 40)
     * @param seed the seed of the samples (prototypes depend only on classes, channels and size)
     * @return the dataset
     */
    public static ImageSet create(int count, int classes, int channels, int size, double noise, long seed) {
        Check.positive("count", count);
        Check.positive("classes", classes);
        Check.positive("channels", channels);
        Check.positive("size", size);
        Check.nonNegative("noise", noise);
        int plane = size * size;
        float[][] protos = prototypes(classes, channels, size);
        Random r = new Random(seed);
        byte[] pixels = new byte[count * channels * plane];
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            int label = n % classes;
            labels[n] = label;
            int dx = r.nextInt(3) - 1;
            int dy = r.nextInt(3) - 1;
            double gain = 0.8 + 0.4 * r.nextDouble();
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int sx = Math.floorMod(x + dx, size);
                        int sy = Math.floorMod(y + dy, size);
                        double v = gain * protos[label][c * plane + sy * size + sx] + noise * r.nextGaussian();
                        pixels[(n * channels + c) * plane + y * size + x] =
                                (byte) Math.max(0, Math.min(255, Math.round(v)));
                    }
                }
            }
        }
        return new ImageSet("synthetic", pixels, labels, classes, channels, size, size);
    }

    private static float[][] prototypes(int classes, int channels, int size) {
        Random r = new Random(0xC0FFEE + 31L * classes + 7L * channels + size);
        int plane = size * size;
        float[][] protos = new float[classes][channels * plane];
        for (int k = 0; k < classes; k++) {
            for (int blob = 0; blob < 3; blob++) {
                double cx = r.nextDouble() * size;
                double cy = r.nextDouble() * size;
                double radius = size * (0.12 + 0.15 * r.nextDouble());
                int channel = r.nextInt(channels);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (radius * radius);
                        protos[k][channel * plane + y * size + x] += (float) (200 * Math.exp(-d2));
                    }
                }
            }
        }
        return protos;
    }
}
