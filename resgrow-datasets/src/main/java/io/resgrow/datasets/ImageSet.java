package io.resgrow.datasets;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import io.resgrow.core.data.BatchDataset;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.HostBatch;
import java.util.Arrays;

/**
 * Images with 8-bit pixels and class labels held in host memory (Fashion-MNIST's 60,000 images
 * take 47 MB). It is a DJL {@link RandomAccessDataset} (one {@link Record} per sample, pixels
 * scaled to [0, 1]) and a resgrow {@link BatchSource}, whose {@link #batch} gathers a whole batch
 * in one pass without any per-sample native call.
 */
public final class ImageSet extends BatchDataset {

    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int classes;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * Creates a dataset over arrays (not copied).
     *
     * @param name a name for messages
     * @param pixels NCHW pixels, {@code labels.length * channels * height * width} bytes
     * @param labels labels in {@code [0, classes)}
     * @param classes the class count
     * @param channels channels
     * @param height height
     * @param width width
     */
    public ImageSet(String name, byte[] pixels, int[] labels, int classes, int channels, int height, int width) {
        super(new Builder().setSampling(1, false));
        if (pixels.length != (long) labels.length * channels * height * width) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes do not" + " hold "
                    + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(
                        name + ": label " + labels[i] + " of sample " + i + " is outside [0, " + classes + ")");
            }
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.classes = classes;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /**
     * Returns the dataset's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the shape of one sample.
     *
     * @return (channels, height, width)
     */
    public Shape sampleShape() {
        return new Shape(channels, height, width);
    }

    /**
     * Returns the raw pixels of one sample.
     *
     * @param index the sample
     * @return a copy of its bytes
     */
    public byte[] pixels(int index) {
        int size = channels * height * width;
        return Arrays.copyOfRange(pixels, index * size, (index + 1) * size);
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
        int size = channels * height * width;
        float[] out = new float[indices.length * size];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int from = indices[i] * size;
            int to = i * size;
            for (int j = 0; j < size; j++) {
                out[to + j] = (pixels[from + j] & 0xFF) * (1f / 255f);
            }
            y[i] = labels[indices[i]];
        }
        return new HostBatch(out, y, indices.length, channels, height, width);
    }

    @Override
    public Record get(NDManager manager, long index) {
        HostBatch one = batch(new int[] {Math.toIntExact(index)});
        NDList xy = one.toDevice(manager);
        return new Record(new NDList(xy.get(0).squeeze(0)), new NDList(xy.get(1).squeeze(0)));
    }

    @Override
    protected long availableSize() {
        return labels.length;
    }

    @Override
    public void prepare(Progress progress) {}

    @Override
    public String toString() {
        return name + " (" + labels.length + " images " + channels + "x" + height + "x" + width + ", " + classes
                + " classes)";
    }

    private static final class Builder extends BaseBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
