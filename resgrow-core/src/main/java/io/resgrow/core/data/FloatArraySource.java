package io.resgrow.core.data;

/**
 * Samples held in host memory as one float array, NCHW, with their labels: small data sets in
 * tests, and inputs computed once and reused (features of frozen parts of a network).
 */
public class FloatArraySource implements BatchSource {

    private final float[] images;
    private final int[] labels;
    private final int classes;
    private final int c;
    private final int h;
    private final int w;

    /**
     * Creates a source over arrays (not copied).
     *
     * @param images NCHW values, {@code labels.length * c * h * w} floats
     * @param labels labels in {@code [0, classes)}
     * @param classes class count
     * @param c channels
     * @param h height
     * @param w width
     */
    public FloatArraySource(float[] images, int[] labels, int classes, int c, int h, int w) {
        if (images.length != (long) labels.length * c * h * w) {
            throw new IllegalArgumentException("FloatArraySource: " + images.length + " values do not hold "
                    + labels.length + " samples of " + c + "x" + h + "x" + w);
        }
        this.images = images;
        this.labels = labels;
        this.classes = classes;
        this.c = c;
        this.h = h;
        this.w = w;
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
