package io.resgrow.datasets.augment;

import io.resgrow.core.check.Check;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.data.HostBatch;
import java.util.Arrays;
import java.util.Random;

/**
 * Moves each image by a random whole number of pixels, filling with zeros. Pad-and-random-crop
 * (pad {@code p} on every side, crop back to the original size) is exactly a shift drawn uniformly
 * from {@code [-p, p]} in both directions, so {@link #padCrop} and {@link #shift} are one
 * transform.
 */
public final class RandomShift implements BatchTransform {

    private final int maxX;
    private final int maxY;

    private RandomShift(int maxX, int maxY) {
        this.maxX = maxX;
        this.maxY = maxY;
    }

    /**
     * Pads by {@code pad} zeros on every side and crops a random window of the original size.
     *
     * @param pad the padding, >= 1 (4 for CIFAR-style training)
     * @return the transform
     */
    public static RandomShift padCrop(int pad) {
        Check.positive("pad", pad);
        return new RandomShift(pad, pad);
    }

    /**
     * Shifts by up to {@code maxX} pixels horizontally and {@code maxY} vertically.
     *
     * @param maxX the largest horizontal shift, >= 0
     * @param maxY the largest vertical shift, >= 0
     * @return the transform
     */
    public static RandomShift shift(int maxX, int maxY) {
        Check.nonNegative("maxX", maxX);
        Check.nonNegative("maxY", maxY);
        return new RandomShift(maxX, maxY);
    }

    @Override
    public void apply(HostBatch batch, Random random) {
        float[] x = batch.images();
        int h = batch.height();
        int w = batch.width();
        int plane = h * w;
        float[] scratch = new float[plane];
        for (int n = 0; n < batch.count(); n++) {
            int dx = random.nextInt(2 * maxX + 1) - maxX;
            int dy = random.nextInt(2 * maxY + 1) - maxY;
            if (dx == 0 && dy == 0) {
                continue;
            }
            for (int c = 0; c < batch.channels(); c++) {
                int base = (n * batch.channels() + c) * plane;
                Arrays.fill(scratch, 0f);
                int rowFrom = Math.max(0, dy);
                int rowTo = Math.min(h, h + dy);
                int colFrom = Math.max(0, dx);
                int len = Math.min(w, w + dx) - colFrom;
                for (int row = rowFrom; row < rowTo && len > 0; row++) {
                    System.arraycopy(x, base + (row - dy) * w + (colFrom - dx), scratch, row * w + colFrom, len);
                }
                System.arraycopy(scratch, 0, x, base, plane);
            }
        }
    }
}
