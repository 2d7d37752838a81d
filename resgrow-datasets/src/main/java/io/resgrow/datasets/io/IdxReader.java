package io.resgrow.datasets.io;

import io.resgrow.datasets.DatasetFormatException;
import io.resgrow.datasets.ImageDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (gzip or raw): an images file (magic 2051,
 * count, rows, columns, then bytes) and a labels file (magic 2049, count, then bytes). Every header
 * is checked before the pixel array is allocated.
 */
public final class IdxReader {

    /** Images file magic number. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Labels file magic number. */
    public static final int LABELS_MAGIC = 0x00000801;
    private static final int MAX_SIDE = 4096;
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private IdxReader() {}

    /**
     * Reads an images file and a labels file into a dataset.
     *
     * @param name a name for the dataset
     * @param images the images file
     * @param labels the labels file
     * @param classes the number of classes (labels must be below it)
     * @return the dataset
     * @throws DatasetFormatException if either file is malformed or they disagree
     */
    public static ImageDataset read(String name, Path images, Path labels, int classes) {
        try {
            int[] y = readLabels(labels, classes);
            try (BinaryInput in = new BinaryInput(images)) {
                int magic = in.readInt("header");
                if (magic != IMAGES_MAGIC) {
                    throw new DatasetFormatException(images, String.format(
                            "wrong magic number 0x%08x (an IDX images file has 0x%08x)", magic, IMAGES_MAGIC));
                }
                int count = in.readInt("header");
                int rows = in.readInt("header");
                int cols = in.readInt("header");
                if (rows < 1 || cols < 1 || rows > MAX_SIDE || cols > MAX_SIDE || count < 0
                        || (long) count * rows * cols > MAX_BYTES) {
                    throw new DatasetFormatException(images, "header claims absurd sizes: " + count
                            + " images of " + rows + "x" + cols);
                }
                if (count != y.length) {
                    throw new DatasetFormatException(images, "holds " + count + " images but "
                            + labels.getFileName() + " holds " + y.length + " labels");
                }
                in.expectContentSize(16L + (long) count * rows * cols, count + " images of " + rows + "x" + cols);
                byte[] pixels = new byte[count * rows * cols];
                in.readFully(pixels, "pixel data");
                if (!in.atEnd()) {
                    throw new DatasetFormatException(images, "has bytes after the "
                            + count + " images the header announces");
                }
                return new ImageDataset(name, pixels, y, classes, 1, rows, cols);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + images + " / " + labels, e);
        }
    }

    private static int[] readLabels(Path labels, int classes) throws IOException {
        try (BinaryInput in = new BinaryInput(labels)) {
            int magic = in.readInt("header");
            if (magic != LABELS_MAGIC) {
                throw new DatasetFormatException(labels, String.format(
                        "wrong magic number 0x%08x (an IDX labels file has 0x%08x)", magic, LABELS_MAGIC));
            }
            int count = in.readInt("header");
            if (count < 0 || count > MAX_BYTES) {
                throw new DatasetFormatException(labels, "header claims absurd sizes: " + count + " labels");
            }
            in.expectContentSize(8L + count, count + " labels");
            byte[] raw = new byte[count];
            in.readFully(raw, "label data");
            int[] y = new int[count];
            for (int i = 0; i < count; i++) {
                y[i] = raw[i] & 0xFF;
                if (y[i] >= classes) {
                    throw new DatasetFormatException(labels, "label " + y[i] + " of sample " + i
                            + " is outside [0, " + classes + ")");
                }
            }
            return y;
        }
    }
}
