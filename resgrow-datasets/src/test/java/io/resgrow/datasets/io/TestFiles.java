package io.resgrow.datasets.io;

import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.SyntheticDataset;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Dataset files in the official formats, built in memory for the reader tests. */
final class TestFiles {

    private TestFiles() {}

    /** Twenty 28x28 single-channel images of ten classes, seeded. */
    static ImageSet twentyImages() {
        return SyntheticDataset.create(20, 10, 1, 28, 40, 7);
    }

    /** A raw IDX images file of all the dataset's images. */
    static byte[] idxImages(ImageSet data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(data.count());
            out.writeInt((int) data.sampleShape().get(1));
            out.writeInt((int) data.sampleShape().get(2));
            for (int i = 0; i < data.count(); i++) {
                out.write(data.pixels(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A raw IDX labels file of all the dataset's labels. */
    static byte[] idxLabels(ImageSet data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(data.count());
            for (int i = 0; i < data.count(); i++) {
                out.writeByte(data.label(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Records with labels (1 or 2 bytes each, counting up from {@code firstLabel}) and pixels equal to the record number. */
    static byte[] cifarRecords(int n, int labelBytes, int firstLabel) {
        int size = labelBytes + 3072;
        byte[] out = new byte[n * size];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < labelBytes; b++) {
                out[i * size + b] = (byte) (firstLabel + i + b);
            }
            Arrays.fill(out, i * size + labelBytes, (i + 1) * size, (byte) i);
        }
        return out;
    }

    /** One gzip member holding the bytes. */
    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The arrays one after the other (as {@code cat a b} writes them). */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
