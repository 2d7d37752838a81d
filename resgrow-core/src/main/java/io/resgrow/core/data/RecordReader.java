package io.resgrow.core.data;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.TranslateException;
import io.resgrow.core.check.InvalidSettingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads every record of a DJL dataset once, in index order, through {@code getData} in chunks of
 * {@value #CHUNK} records (each chunk's arrays live in a manager of their own, closed once copied),
 * checking each chunk: the first fixes the shape and types, the others must match. A chunk whose
 * records cannot be stacked is read again one record at a time to name the record that differs.
 */
final class RecordReader {

    /** Records read per call into the dataset's loader. */
    static final int CHUNK = 256;

    /** The most values one Java array holds. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private static final String ONE_SAMPLE_ONE_CLASS = "records with one numeric data array of shape (C, H, W),"
            + " (H, W) or (D), the same for every record, and one integer class label of shape () or (1)";

    private final RandomAccessDataset dataset;
    private final String name;
    private final int givenClasses;
    private float[] floats;
    private byte[] bytes;
    private int[] labels;
    private int maxLabel = -1;
    private Shape recordShape;
    private DataType recordType;
    private int recordValues;
    private long nanos;

    private RecordReader(RandomAccessDataset dataset, int givenClasses) {
        this.dataset = dataset;
        this.name = dataset.getClass().getSimpleName();
        this.givenClasses = givenClasses;
    }

    /**
     * Reads and checks every record.
     *
     * @param dataset the dataset
     * @param classes the class count, or 0 for the largest label + 1
     * @return the reader holding the records
     */
    static RecordReader read(RandomAccessDataset dataset, int classes) {
        RecordReader r = new RecordReader(dataset, classes);
        long t0 = System.nanoTime();
        r.readAll();
        r.nanos = System.nanoTime() - t0;
        return r;
    }

    private void readAll() {
        try {
            dataset.prepare();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": prepare() failed: " + e.getMessage(), e);
        } catch (TranslateException e) {
            throw new IllegalStateException(name + ": prepare() failed: " + e.getMessage(), e);
        }
        long size = dataset.size();
        if (size == 0 || size > MAX_VALUES) {
            throw refuse(
                    name + " with " + size + " records",
                    "1 to " + MAX_VALUES + " records",
                    "pass a dataset with"
                            + " records (an ImageFolder finds none when its class folders hold no images)");
        }
        labels = new int[(int) size];
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            int from = 0;
            Iterator<Batch> chunks = chunks(manager, 0, labels.length, CHUNK);
            while (from < labels.length && chunks.hasNext()) {
                try (Batch chunk = next(chunks, manager, from)) {
                    accept(chunk, from);
                    from += chunk.getSize();
                }
            }
            if (from != labels.length) {
                throw refuse(
                        name + " with size() " + labels.length + " that gave " + from + " records",
                        "a dataset that gives size() records",
                        "check the dataset's size() and get(...)");
            }
        }
    }

    private Iterator<Batch> chunks(NDManager manager, int from, int to, int chunk) {
        try {
            return dataset.getData(manager, new RangeSampler(from, to, chunk)).iterator();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": reading records failed: " + e.getMessage(), e);
        } catch (TranslateException e) {
            throw new IllegalStateException(name + ": reading records failed: " + e.getMessage(), e);
        }
    }

    /** The next chunk; if it fails, the record that made it fail is named. */
    private Batch next(Iterator<Batch> chunks, NDManager manager, int from) {
        try {
            return chunks.next();
        } catch (RuntimeException e) {
            throw diagnose(manager, from, Math.min(labels.length, from + CHUNK), e);
        }
    }

    /** Reads the records of a failed chunk one at a time: the first that fails or differs is named. */
    private RuntimeException diagnose(NDManager manager, int from, int to, RuntimeException failure) {
        Shape first = recordShape;
        String firstData = first == null ? null : "[" + recordType + " " + recordShape + "]";
        int firstIndex = 0;
        for (int i = from; i < to; i++) {
            try (NDManager one = manager.newSubManager()) {
                Batch record;
                try {
                    record = chunks(one, i, i + 1, 1).next();
                } catch (RuntimeException e) {
                    InvalidSettingException refused = refuse(
                            name + " record " + i + " (" + e + ")",
                            "records that can be read",
                            "fix record " + i
                                    + " (a corrupt or unreadable file?) or leave it out with subDataset(...)");
                    refused.initCause(e);
                    return refused;
                }
                try (record) {
                    NDList data = record.getData();
                    Shape shape = data.size() == 1 ? data.head().getShape().slice(1) : null;
                    if (first == null) {
                        first = shape;
                        firstData = arrays(data);
                        firstIndex = i;
                    } else if (shape == null || !shape.equals(first)) {
                        return refuse(
                                describe(i, record) + " where record " + firstIndex + " has data " + firstData,
                                ONE_SAMPLE_ONE_CLASS,
                                "make every record the same shape (ImageFolder: optImageWidth and optImageHeight,"
                                        + " or a Resize transform)");
                    }
                }
            }
        }
        return failure;
    }

    private void accept(Batch chunk, int from) {
        NDList data = chunk.getData();
        NDList label = chunk.getLabels();
        int k = chunk.getSize();
        if (data.size() != 1 || label.size() != 1) {
            throw refuse(
                    describe(from, chunk),
                    ONE_SAMPLE_ONE_CLASS,
                    "give each record exactly one data array and one label array (ArrayDataset: one"
                            + " setData(...) array and one optLabels(...) array)");
        }
        NDArray x = data.head();
        NDArray y = label.head();
        if (x.getShape().dimension() == 0
                || x.getShape().get(0) != k
                || y.getShape().dimension() == 0
                || y.getShape().get(0) != k) {
            throw refuse(
                    describe(from, chunk) + " for " + k + " records",
                    "one row per record from the dataset's" + " batchifier",
                    "keep DJL's default batchifiers (Batchifier.STACK) on the dataset");
        }
        if (recordShape == null) {
            first(x, from, chunk);
        } else if (!x.getShape().slice(1).equals(recordShape) || x.getDataType() != recordType) {
            throw refuse(
                    describe(from, chunk) + " where record 0 has data [" + recordType + " " + recordShape + "]",
                    ONE_SAMPLE_ONE_CLASS,
                    "make every record the same shape and type (ImageFolder: optImageWidth and optImageHeight)");
        }
        labels(y, from, chunk);
        if (bytes != null) {
            System.arraycopy(x.toByteArray(), 0, bytes, from * recordValues, k * recordValues);
        } else {
            float[] values = x.getDataType() == DataType.FLOAT32
                    ? x.toFloatArray()
                    : x.toType(DataType.FLOAT32, false).toFloatArray();
            System.arraycopy(values, 0, floats, from * recordValues, k * recordValues);
        }
    }

    /** Checks the first chunk's data and sizes the storage. */
    private void first(NDArray x, int from, Batch chunk) {
        Shape shape = x.getShape().slice(1);
        DataType type = x.getDataType();
        if (!type.isFloating() && !type.isInteger()) {
            throw refuse(
                    describe(from, chunk), ONE_SAMPLE_ONE_CLASS, "give the records numeric data (" + type + " is not)");
        }
        if (shape.dimension() < 1 || shape.dimension() > 3) {
            throw refuse(
                    describe(from, chunk),
                    ONE_SAMPLE_ONE_CLASS,
                    "give each record one sample of shape (C, H, W), (H, W) or (D) (reshape it in a transform)");
        }
        if (type == DataType.UINT8 && looksChannelsLast(shape)) {
            throw refuse(
                    describe(from, chunk) + ", which looks like an image in DJL's (H, W, C) layout",
                    "(C, H, W) images",
                    "add a transform to the dataset's builder: new ToTensor() (CHW, scaled to [0, 1]), or"
                            + " a -> a.transpose(2, 0, 1) (CHW, 0-255 kept)");
        }
        long values = shape.size();
        if (values * labels.length > MAX_VALUES) {
            throw refuse(
                    labels.length + " records of " + type + " " + shape,
                    "at most " + MAX_VALUES + " values in all (they are held in one Java array)",
                    "train on part of it (subDataset(...)) or use a resgrow loader");
        }
        recordShape = shape;
        recordType = type;
        recordValues = (int) values;
        if (type == DataType.UINT8) {
            bytes = new byte[recordValues * labels.length];
        } else {
            floats = new float[recordValues * labels.length];
        }
    }

    /** An (H, W, C) uint8 image as DJL's Image.toNDArray makes it: few channels last, not first. */
    private static boolean looksChannelsLast(Shape shape) {
        return shape.dimension() == 3 && shape.get(2) <= 4 && shape.get(0) > 4;
    }

    private void labels(NDArray y, int from, Batch chunk) {
        Shape shape = y.getShape().slice(1);
        DataType type = y.getDataType();
        boolean scalar = shape.dimension() == 0 || (shape.dimension() == 1 && shape.get(0) == 1);
        if (!scalar || !(type.isInteger() || type.isFloating())) {
            throw refuse(
                    describe(from, chunk),
                    ONE_SAMPLE_ONE_CLASS,
                    "give each record one class index as its label (a scalar or a (1) array of an integer type)");
        }
        double[] values = y.toType(DataType.FLOAT64, false).toDoubleArray();
        int top = givenClasses > 0 ? givenClasses : Integer.MAX_VALUE;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v < top) || v != Math.rint(v)) {
                throw refuse(
                        name + " record " + (from + i) + " with label " + v + " (" + type + " " + shape + ")",
                        "an integer class in [0, " + (givenClasses > 0 ? givenClasses + ")" : "2^31)"),
                        givenClasses > 0
                                ? "fix the label or pass the true class count to DjlDataset.of(dataset, classes)"
                                : "fix the label: a class index 0, 1, 2, ...");
            }
            labels[from + i] = (int) v;
            maxLabel = Math.max(maxLabel, (int) v);
        }
    }

    /** e.g. {@code ImageFolder record 256: data [uint8 (8, 8, 3)], labels [int64 ()]}. */
    private String describe(int index, Batch chunk) {
        return name + " record " + index + ": data " + arrays(chunk.getData()) + ", labels "
                + arrays(chunk.getLabels());
    }

    private static String arrays(NDList list) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            NDArray a = list.get(i);
            Shape shape = a.getShape();
            s.append(i == 0 ? "" : ", ")
                    .append(a.getDataType())
                    .append(' ')
                    .append(shape.dimension() == 0 ? shape : shape.slice(1));
        }
        return s.append(']').toString();
    }

    private static InvalidSettingException refuse(String received, String expected, String fix) {
        return new InvalidSettingException("dataset", received, expected, fix);
    }

    String name() {
        return name;
    }

    float[] floats() {
        return floats;
    }

    byte[] bytes() {
        return bytes;
    }

    int[] labels() {
        return labels;
    }

    int classes() {
        return givenClasses > 0 ? givenClasses : maxLabel + 1;
    }

    Shape recordShape() {
        return recordShape;
    }

    DataType recordType() {
        return recordType;
    }

    long nanos() {
        return nanos;
    }

    /** Indices {@code from .. to - 1} in order, in lists of {@code chunk}. */
    private record RangeSampler(int from, int to, int chunk) implements Sampler {

        @Override
        public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
            List<List<Long>> lists = new ArrayList<>();
            for (int start = from; start < to; start += chunk) {
                List<Long> list = new ArrayList<>();
                for (long i = start; i < Math.min(to, start + chunk); i++) {
                    list.add(i);
                }
                lists.add(list);
            }
            return lists.iterator();
        }

        @Override
        public int getBatchSize() {
            return chunk;
        }
    }
}
