package io.resgrow.core.data;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import java.util.Locale;

/**
 * A DJL {@link RandomAccessDataset} (basicdataset's {@code ImageFolder}, an {@code ArrayDataset}, a
 * user's own) as resgrow training, validation or test data. Every record is read once, when the
 * source is made, through the dataset's own loader ({@code getData} in index order: its transforms
 * and batchifiers apply, as DJL's Trainer would see them) into host memory; {@link #batch} is then a
 * plain array gather, as fast as resgrow's own loaders, and {@link #label} reads a cached int. There
 * is no streaming mode: the records must fit in memory (4 bytes a value, 1 for uint8 data). The
 * dataset's transforms therefore run once: a random augmentation among them is drawn once and then
 * fixed; give resgrow's run an {@code augment(...)} for one drawn anew every epoch.
 *
 * <p>Accepted records: exactly one data array and one label array. The data is numeric (any integer
 * or floating type; converted to float <b>without scaling</b>: uint8 0-255 stays 0-255; DJL's {@code
 * ToTensor} gives [0, 1], and {@code ImageFolder} adds it when no transform is set) of shape {@code
 * (C, H, W)}, {@code (H, W)} (one channel) or {@code (D)} (a vector: D channels of 1x1, so the
 * network sees {@code (N, D, 1, 1)}; start it with a flatten block for {@code (N, D)}); every record
 * has the same shape and type. The label is one integer class, a scalar or a {@code (1)} array, of
 * an integer type or a floating type holding a whole number. Everything else is refused before any
 * training with an {@link InvalidSettingException} naming the record, its arrays' types and shapes:
 * two data arrays, a label of shape {@code (3)}, a label 2.5, records of differing shapes, a record
 * that cannot be read, uint8 images in DJL's {@code (H, W, C)} layout (transforms without {@code
 * ToTensor}), more values than a Java array holds.
 */
public final class DjlDataset implements BatchSource {

    private final String name;
    private final float[] floats;
    private final byte[] bytes;
    private final int[] labels;
    private final int classes;
    private final Shape recordShape;
    private final DataType recordType;
    private final int channels;
    private final int height;
    private final int width;
    private final long readNanos;

    private DjlDataset(RecordReader read) {
        this.name = read.name();
        this.floats = read.floats();
        this.bytes = read.bytes();
        this.labels = read.labels();
        this.classes = read.classes();
        this.recordShape = read.recordShape();
        this.recordType = read.recordType();
        long[] chw = chw(recordShape);
        this.channels = (int) chw[0];
        this.height = (int) chw[1];
        this.width = (int) chw[2];
        this.readNanos = read.nanos();
    }

    /**
     * Reads a DJL dataset's records into host memory; the classes are the largest label + 1 (a
     * validation or test set that lacks the top classes would count fewer: give their count with
     * {@link #of(RandomAccessDataset, int)}).
     *
     * @param dataset the dataset (prepared here if it is not yet)
     * @return the data
     * @throws InvalidSettingException if a record is not one numeric sample with one integer class
     */
    public static DjlDataset of(RandomAccessDataset dataset) {
        return new DjlDataset(RecordReader.read(Check.notNull("dataset", dataset), 0));
    }

    /**
     * Reads a DJL dataset's records into host memory, with a given class count.
     *
     * @param dataset the dataset (prepared here if it is not yet)
     * @param classes the class count: every label must lie in {@code [0, classes)}
     * @return the data
     * @throws InvalidSettingException if a record is not one numeric sample with one integer class in range
     */
    public static DjlDataset of(RandomAccessDataset dataset, int classes) {
        Check.positive("classes", classes);
        return new DjlDataset(RecordReader.read(Check.notNull("dataset", dataset), classes));
    }

    /**
     * Returns the dataset itself when it is a {@link BatchSource} already (resgrow's {@code ImageSet}:
     * its own fast path, nothing copied), otherwise {@link #of(RandomAccessDataset)}. What a builder
     * taking DJL datasets calls.
     *
     * @param dataset the dataset
     * @return the data as a batch source
     */
    public static BatchSource sourceOf(RandomAccessDataset dataset) {
        return dataset instanceof BatchSource source ? source : of(dataset);
    }

    /**
     * As {@link #sourceOf(RandomAccessDataset)}, with a given class count (for validation and test
     * sets: the training set's).
     *
     * @param dataset the dataset
     * @param classes the class count
     * @return the data as a batch source
     * @throws InvalidSettingException if the labels may reach past {@code classes}
     */
    public static BatchSource sourceOf(RandomAccessDataset dataset, int classes) {
        Check.positive("classes", classes);
        if (dataset instanceof BatchSource source) {
            if (source.classes() > classes) {
                throw new InvalidSettingException(
                        "classes",
                        classes,
                        "at least the " + source.classes() + " classes of " + source,
                        "pass " + source.classes() + " or more");
            }
            return source;
        }
        return of(dataset, classes);
    }

    /** Where a record's values go in a (C, H, W) sample: (C,H,W), (H,W) as 1xHxW, (D) as Dx1x1. */
    static long[] chw(Shape record) {
        return switch (record.dimension()) {
            case 1 -> new long[] {record.get(0), 1, 1};
            case 2 -> new long[] {1, record.get(0), record.get(1)};
            default -> record.getShape();
        };
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
        float[] x = new float[indices.length * size];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int sample = indices[i];
            if (sample < 0 || sample >= labels.length) {
                throw new IndexOutOfBoundsException("sample " + sample + " outside [0, " + labels.length + ")");
            }
            if (floats != null) {
                System.arraycopy(floats, sample * size, x, i * size, size);
            } else {
                for (int j = 0, from = sample * size, to = i * size; j < size; j++) {
                    x[to + j] = bytes[from + j] & 0xFF;
                }
            }
            y[i] = labels[sample];
        }
        return new HostBatch(x, y, indices.length, channels, height, width);
    }

    /**
     * Returns the shape of one sample as batches give it (what the run's sample shape must be).
     *
     * @return {@code (C, H, W)}
     */
    public Shape sampleShape() {
        return new Shape(channels, height, width);
    }

    /**
     * Returns the shape of one record's data as the dataset gave it.
     *
     * @return {@code (C, H, W)}, {@code (H, W)} or {@code (D)}
     */
    public Shape recordShape() {
        return recordShape;
    }

    /**
     * Returns the data type of the records' data as the dataset gave it (held as bytes if uint8,
     * floats otherwise).
     *
     * @return the type
     */
    public DataType recordType() {
        return recordType;
    }

    /**
     * Returns the host memory the records take: values and labels.
     *
     * @return bytes
     */
    public long hostBytes() {
        return (floats != null ? (long) floats.length * Float.BYTES : bytes.length)
                + (long) labels.length * Integer.BYTES;
    }

    /**
     * Returns how long reading every record took when this source was made.
     *
     * @return seconds
     */
    public double readSeconds() {
        return readNanos / 1e9;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s (%d records of %s %s as %dx%dx%d, %d classes; %.1f MB held, read in %.2f s)",
                name,
                labels.length,
                recordType,
                recordShape,
                channels,
                height,
                width,
                classes,
                hostBytes() / 1e6,
                readSeconds());
    }
}
