package io.resgrow.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.datasets.DatasetFormatException;
import io.resgrow.datasets.ImageDataset;
import io.resgrow.datasets.SyntheticDataset;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    private static byte[] idx(int magic, int... headerAndBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int v : headerAndBytes) {
            out.writeInt(v);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void gzipAndRawFilesRoundTrip(@TempDir Path dir) throws IOException {
        ImageDataset data = SyntheticDataset.create(12, 3, 1, 5, 10, 1);
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        IdxWriter.write(data, all, dir.resolve("i.gz"), dir.resolve("l.gz"));
        ImageDataset back = IdxReader.read("t", dir.resolve("i.gz"), dir.resolve("l.gz"), 3);
        assertEquals(12, back.count());
        assertArrayEquals(data.pixels(7), back.pixels(7));
        assertEquals(data.label(7), back.label(7));
        // raw (not gzip) too
        Path rawImages = dir.resolve("i.raw");
        Path rawLabels = dir.resolve("l.raw");
        Files.write(rawImages, concat(idx(IdxReader.IMAGES_MAGIC, 1, 2, 2), new byte[] {1, 2, 3, 4}));
        Files.write(rawLabels, concat(idx(IdxReader.LABELS_MAGIC, 1), new byte[] {2}));
        ImageDataset raw = IdxReader.read("r", rawImages, rawLabels, 10);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, raw.pixels(0));
        assertEquals(2, raw.label(0));
    }

    @Test
    void everyFaultIsATypedErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("images");
        Path labels = dir.resolve("labels");
        Files.write(labels, concat(idx(IdxReader.LABELS_MAGIC, 2), new byte[] {1, 2}));
        // wrong magic
        Files.write(images, concat(idx(0x0803 + 1, 2, 2, 2), new byte[8]));
        assertFault(images, labels, "wrong magic");
        // truncated pixels
        Files.write(images, concat(idx(IdxReader.IMAGES_MAGIC, 2, 2, 2), new byte[5]));
        assertFault(images, labels, "truncated");
        // truncated header
        Files.write(images, new byte[] {0, 0, 8});
        assertFault(images, labels, "truncated");
        // absurd sizes: refused before allocating 4 GB
        Files.write(images, idx(IdxReader.IMAGES_MAGIC, 1_000_000, 4000, 4000));
        assertFault(images, labels, "absurd");
        // count mismatch
        Files.write(images, concat(idx(IdxReader.IMAGES_MAGIC, 3, 2, 2), new byte[12]));
        assertFault(images, labels, "3 images but");
        // label out of range
        Files.write(images, concat(idx(IdxReader.IMAGES_MAGIC, 2, 2, 2), new byte[8]));
        Files.write(labels, concat(idx(IdxReader.LABELS_MAGIC, 2), new byte[] {1, 42}));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxReader.read("t", images, labels, 10));
        assertTrue(e.getMessage().contains("label 42"), e.getMessage());
        assertTrue(e.getMessage().startsWith(labels.toString()), e.getMessage());
    }

    private static void assertFault(Path images, Path labels, String words) {
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxReader.read("t", images, labels, 10));
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertTrue(e.getMessage().startsWith(images.toString()), e.getMessage());
    }
}
