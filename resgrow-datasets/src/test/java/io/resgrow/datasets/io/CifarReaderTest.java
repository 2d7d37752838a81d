package io.resgrow.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.datasets.DatasetFormatException;
import io.resgrow.datasets.Datasets;
import io.resgrow.datasets.ImageSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR loaders on small files in the official binary formats, written here. */
class CifarReaderTest {

    private static void writeCifar10(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (int k = 1; k <= 5; k++) {
            Files.write(dir.resolve("data_batch_" + k + ".bin"), TestFiles.cifarRecords(2, 1, k));
        }
        Files.write(dir.resolve("test_batch.bin"), TestFiles.cifarRecords(3, 1, 0));
    }

    @Test
    void readsCifar10FromADirectory(@TempDir Path dir) throws IOException {
        writeCifar10(dir);
        ImageSet train = CifarReader.readDirectory(dir, CifarReader.Kind.CIFAR10, true);
        assertEquals(10, train.count());
        assertEquals(1, train.label(0));
        assertEquals(6, train.label(9));
        assertEquals(1, train.pixels(9)[100]);
        ImageSet test = Datasets.cifar(dir, CifarReader.Kind.CIFAR10, false);
        assertEquals(3, test.count());
        assertEquals(3, test.sampleShape().get(0));
    }

    @Test
    void readsCifar100FineAndCoarseFromTheArchive(@TempDir Path dir) throws IOException {
        Path archive = dir.resolve("cifar-100-binary.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
            tarEntry(out, "cifar-100-binary/coarse_label_names.txt", "x\n".getBytes(StandardCharsets.US_ASCII));
            tarEntry(out, "cifar-100-binary/train.bin", TestFiles.cifarRecords(4, 2, 5));
            tarEntry(out, "cifar-100-binary/test.bin", TestFiles.cifarRecords(2, 2, 0));
            out.write(new byte[1024]);
        }
        ImageSet fine = CifarReader.readArchive(archive, CifarReader.Kind.CIFAR100_FINE, true);
        ImageSet coarse = Datasets.cifar(dir, CifarReader.Kind.CIFAR100_COARSE, true);
        assertEquals(4, fine.count());
        assertEquals(6, fine.label(0), "fine label is the second byte");
        assertEquals(5, coarse.label(0), "coarse label is the first byte");
        assertEquals(100, fine.classes());
        assertEquals(20, coarse.classes());
    }

    @Test
    void truncatedFilesAndBadLabelsAreTypedErrors(@TempDir Path dir) throws IOException {
        writeCifar10(dir);
        byte[] cut = Arrays.copyOf(TestFiles.cifarRecords(2, 1, 0), 3073 + 100);
        Files.write(dir.resolve("test_batch.bin"), cut);
        DatasetFormatException e = assertThrows(
                DatasetFormatException.class, () -> CifarReader.readDirectory(dir, CifarReader.Kind.CIFAR10, false));
        assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("truncated"), e.getMessage());
        Files.write(dir.resolve("test_batch.bin"), TestFiles.cifarRecords(1, 1, 10));
        e = assertThrows(
                DatasetFormatException.class, () -> CifarReader.readDirectory(dir, CifarReader.Kind.CIFAR10, false));
        assertTrue(e.getMessage().contains("label 10"), e.getMessage());
    }

    static void tarEntry(OutputStream out, String name, byte[] data) throws IOException {
        byte[] header = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, header, 0, n.length);
        byte[] size = String.format("%011o\0", data.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = '0';
        out.write(header);
        out.write(data);
        out.write(new byte[(512 - data.length % 512) % 512]);
    }

    @Test
    void aTruncatedBatchSaysTruncatedWithTheExpectedAndFoundSizes(@TempDir Path dir) throws IOException {
        writeCifar10(dir);
        byte[] three = TestFiles.cifarRecords(3, 1, 0);
        Files.write(dir.resolve("data_batch_4.bin"), Arrays.copyOf(three, 2 * 3073 + 1000));
        DatasetFormatException e = assertThrows(
                DatasetFormatException.class, () -> CifarReader.readDirectory(dir, CifarReader.Kind.CIFAR10, true));
        String m = e.getMessage();
        assertTrue(m.startsWith(dir.resolve("data_batch_4.bin") + ": truncated: expected 9219 bytes"), m);
        assertTrue(m.contains("found 7146 bytes"), m);
        Files.write(dir.resolve("data_batch_4.bin"), new byte[0]);
        e = assertThrows(
                DatasetFormatException.class, () -> CifarReader.readDirectory(dir, CifarReader.Kind.CIFAR10, true));
        assertTrue(
                e.getMessage().contains("truncated: expected 3073 bytes")
                        && e.getMessage().contains("found 0 bytes"),
                e.getMessage());
    }

    @Test
    void aCutOrDamagedArchiveIsATypedErrorNamingTheArchive(@TempDir Path dir) throws IOException {
        Path archive = dir.resolve("cifar-10-binary.tar.gz");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tarEntry(tar, "cifar-10-batches-bin/test_batch.bin", TestFiles.cifarRecords(3, 1, 0));
        byte[] packed = TestFiles.gzip(Arrays.copyOf(tar.toByteArray(), 512 + 5000));
        Files.write(archive, packed);
        DatasetFormatException e = assertThrows(
                DatasetFormatException.class, () -> CifarReader.readArchive(archive, CifarReader.Kind.CIFAR10, false));
        assertTrue(e.getMessage().startsWith(archive + ": truncated: expected 9219 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("found 5000 bytes"), e.getMessage());
        packed = TestFiles.gzip(tar.toByteArray());
        packed[packed.length - 6] ^= 1;
        Files.write(archive, packed);
        e = assertThrows(
                DatasetFormatException.class, () -> CifarReader.readArchive(archive, CifarReader.Kind.CIFAR10, false));
        assertTrue(e.getMessage().contains("CRC mismatch"), e.getMessage());
    }

    @Test
    void notFoundNamesEveryPlace(@TempDir Path dir) {
        RuntimeException e =
                assertThrows(RuntimeException.class, () -> Datasets.cifar(dir, CifarReader.Kind.CIFAR10, true));
        assertTrue(
                e.getMessage().contains(dir.toString()) && e.getMessage().contains("data_batch_1.bin"), e.getMessage());
        ByteArrayOutputStream unused = new ByteArrayOutputStream();
        assertEquals(0, unused.size());
    }
}
