package io.resgrow.datasets.io;

import io.resgrow.datasets.DatasetFormatException;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.LoadProgress;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (gzip or raw): an images file (magic 2051,
 * count, rows, columns, then bytes) and a labels file (magic 2049, count, then bytes). Every header
 * is checked against the file's size before the pixel array is allocated; every fault of a file is
 * a {@link DatasetFormatException} naming that one file.
 */
public final class IdxReader {

    /** Images file magic number. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Labels file magic number. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int MAX_SIDE = 4096;

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
    public static ImageSet read(String name, Path images, Path labels, int classes) {
        return read(name, images, labels, classes, LoadProgress.NONE);
    }

    /**
     * Reads an images file and a labels file into a dataset, telling a listener how far the reading
     * of each file is (the labels file first).
     *
     * @param name a name for the dataset
     * @param images the images file
     * @param labels the labels file
     * @param classes the number of classes (labels must be below it)
     * @param progress who hears the reading
     * @return the dataset
     * @throws DatasetFormatException if either file is malformed or they disagree
     */
    public static ImageSet read(String name, Path images, Path labels, int classes, LoadProgress progress) {
        int[] y = readLabels(labels, classes, progress);
        try (BinaryInput in = new BinaryInput(images, progress)) {
            ByteBuffer header = in.readHeader(16, "an IDX images header");
            checkMagic(images, header.getInt(), IMAGES_MAGIC, "images");
            long count = Integer.toUnsignedLong(header.getInt());
            int rows = header.getInt();
            int cols = header.getInt();
            if (rows < 1 || cols < 1 || rows > MAX_SIDE || cols > MAX_SIDE) {
                throw new DatasetFormatException(
                        images,
                        "header claims absurd sizes: " + count + " images of " + rows + "x" + cols
                                + " (sides must be in [1, " + MAX_SIDE + "])");
            }
            byte[] pixels = in.readBody(count * rows * cols, count + " images of " + rows + "x" + cols);
            if (count != y.length) {
                throw new DatasetFormatException(
                        images,
                        "holds " + count + " images but " + labels.getFileName() + " holds " + y.length + " labels");
            }
            return new ImageSet(name, pixels, y, classes, 1, rows, cols);
        }
    }

    private static int[] readLabels(Path labels, int classes, LoadProgress progress) {
        try (BinaryInput in = new BinaryInput(labels, progress)) {
            ByteBuffer header = in.readHeader(8, "an IDX labels header");
            checkMagic(labels, header.getInt(), LABELS_MAGIC, "labels");
            long count = Integer.toUnsignedLong(header.getInt());
            byte[] raw = in.readBody(count, count + " labels");
            int[] y = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                y[i] = raw[i] & 0xFF;
                if (y[i] >= classes) {
                    throw new DatasetFormatException(
                            labels, "label " + y[i] + " of sample " + i + " is outside [0, " + classes + ")");
                }
            }
            return y;
        }
    }

    private static void checkMagic(Path file, int magic, int expected, String kind) {
        if (magic == expected) {
            return;
        }
        int b0 = magic >>> 24;
        int b1 = (magic >>> 16) & 0xff;
        if (b0 == 0x1f || b1 == 0x8b) {
            throw new DatasetFormatException(
                    file,
                    String.format(
                            "not in gzip format: the file starts"
                                    + " with 0x%02x 0x%02x where gzip has 0x1f 0x8b (a damaged gzip header), and it is"
                                    + " not a raw IDX %s file either (wrong magic number 0x%08x, expected 0x%08x)",
                            b0, b1, kind, magic, expected));
        }
        throw new DatasetFormatException(
                file,
                String.format(
                        "wrong magic number 0x%08x (an IDX %s"
                                + " file has 0x%08x): not an IDX %s file, or its first bytes are damaged",
                        magic, kind, expected, kind));
    }
}
