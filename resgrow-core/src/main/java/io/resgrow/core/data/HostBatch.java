package io.resgrow.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of images in host memory, laid out NCHW as floats, with integer class labels. Batch
 * transforms (augmentation) work on it in place before one copy moves it to the device: the
 * training step then reads the data exactly once.
 *
 * @param images pixel values, {@code count * channels * height * width} floats in NCHW order
 * @param labels class labels, {@code count} values
 * @param count the number of samples
 * @param channels channels per image
 * @param height image height
 * @param width image width
 */
public record HostBatch(float[] images, int[] labels, int count, int channels, int height, int width) {

    /** Checks that the arrays match the stated shape. */
    public HostBatch {
        if (images.length != (long) count * channels * height * width || labels.length != count) {
            throw new IllegalArgumentException("HostBatch arrays do not match shape "
                    + count + "x" + channels + "x" + height + "x" + width
                    + ": images=" + images.length + ", labels=" + labels.length);
        }
    }

    /**
     * Returns the number of floats in one image.
     *
     * @return {@code channels * height * width}
     */
    public int imageSize() {
        return channels * height * width;
    }

    /**
     * Copies the batch to a device: images as float32 NCHW, labels as int64.
     *
     * @param manager the manager that owns the new arrays (and so their device)
     * @return {@code [images, labels]}
     */
    public NDList toDevice(NDManager manager) {
        NDArray x = manager.create(images, new Shape(count, channels, height, width));
        long[] longLabels = new long[count];
        for (int i = 0; i < count; i++) {
            longLabels[i] = labels[i];
        }
        NDArray y = manager.create(longLabels, new Shape(count));
        return new NDList(x, y);
    }

    /**
     * Splits the batch into consecutive parts whose sizes differ by at most one (the first parts
     * take the extra samples), for data parallelism over devices; no sample is dropped or
     * repeated. Parts may be empty when there are fewer samples than parts.
     *
     * @param parts how many parts, >= 1
     * @return the parts in order
     */
    public List<HostBatch> split(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        List<HostBatch> out = new ArrayList<>(parts);
        int size = imageSize();
        int start = 0;
        for (int p = 0; p < parts; p++) {
            int n = count / parts + (p < count % parts ? 1 : 0);
            out.add(new HostBatch(
                    Arrays.copyOfRange(images, start * size, (start + n) * size),
                    Arrays.copyOfRange(labels, start, start + n),
                    n,
                    channels,
                    height,
                    width));
            start += n;
        }
        return out;
    }
}
