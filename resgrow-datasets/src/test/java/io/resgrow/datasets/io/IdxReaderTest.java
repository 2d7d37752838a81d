package io.resgrow.datasets.io;

import static io.resgrow.datasets.io.TestFiles.concat;
import static io.resgrow.datasets.io.TestFiles.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.resgrow.datasets.DatasetFormatException;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.SyntheticDataset;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on files written here: round trips, and every fault a typed error naming one file. */
class IdxReaderTest {

    @TempDir
    Path dir;

    private final ImageSet data = TestFiles.twentyImages();
    private final byte[] images = TestFiles.idxImages(data);
    private final byte[] labels = TestFiles.idxLabels(data);
    private Path imagesFile;
    private Path labelsFile;

    /** Writes an intact raw pair; each test then spoils one file. */
    @BeforeEach
    void writeIntactFiles() throws IOException {
        imagesFile = dir.resolve("the-images");
        labelsFile = dir.resolve("the-labels");
        Files.write(imagesFile, images);
        Files.write(labelsFile, labels);
    }

    private static byte[] idx(int magic, int... headerAndBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int v : headerAndBytes) {
            out.writeInt(v);
        }
        return bytes.toByteArray();
    }

    @Test
    void gzipAndRawFilesRoundTrip(@TempDir Path dir) throws IOException {
        ImageSet data = SyntheticDataset.create(12, 3, 1, 5, 10, 1);
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        IdxWriter.write(data, all, dir.resolve("i.gz"), dir.resolve("l.gz"));
        ImageSet back = IdxReader.read("t", dir.resolve("i.gz"), dir.resolve("l.gz"), 3);
        assertEquals(12, back.count());
        assertArrayEquals(data.pixels(7), back.pixels(7));
        assertEquals(data.label(7), back.label(7));
        // raw (not gzip) too
        Path rawImages = dir.resolve("i.raw");
        Path rawLabels = dir.resolve("l.raw");
        Files.write(rawImages, concat(idx(IdxReader.IMAGES_MAGIC, 1, 2, 2), new byte[] {1, 2, 3, 4}));
        Files.write(rawLabels, concat(idx(IdxReader.LABELS_MAGIC, 1), new byte[] {2}));
        ImageSet raw = IdxReader.read("r", rawImages, rawLabels, 10);
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
        DatasetFormatException e =
                assertThrows(DatasetFormatException.class, () -> IdxReader.read("t", images, labels, 10));
        assertTrue(e.getMessage().contains("label 42"), e.getMessage());
        assertTrue(e.getMessage().startsWith(labels.toString()), e.getMessage());
    }

    private static void assertFault(Path images, Path labels, String words) {
        DatasetFormatException e =
                assertThrows(DatasetFormatException.class, () -> IdxReader.read("t", images, labels, 10));
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertTrue(e.getMessage().startsWith(images.toString()), e.getMessage());
    }

    @Test
    void aTruncatedRawFileSaysTruncatedWithTheExpectedAndFoundSizes() throws IOException {
        Files.write(imagesFile, Arrays.copyOf(images, 3));
        assertFaultOf(imagesFile, "truncated", "expected 16 bytes", "found 3 bytes");
        for (int cut : new int[] {16, 100, images.length - 1}) {
            Files.write(imagesFile, Arrays.copyOf(images, cut));
            assertFaultOf(imagesFile, "truncated", "expected 15696 bytes", "found " + cut + " bytes");
        }
        Files.write(imagesFile, images);
        Files.write(labelsFile, Arrays.copyOf(labels, 27));
        assertFaultOf(labelsFile, "truncated", "expected 28 bytes", "found 27 bytes");
    }

    @Test
    void aTruncatedGzipFileSaysTruncatedWithTheExpectedAndFoundSizes() throws IOException {
        Files.write(labelsFile, gzip(labels));
        // a whole gzip stream of a cut file: the sizes are exact
        Files.write(imagesFile, gzip(Arrays.copyOf(images, 15000)));
        assertFaultOf(imagesFile, "truncated", "expected 15696 bytes", "found 15000 bytes");
        // a cut gzip stream: it ends early (the old reader took its last 4 bytes for a size)
        byte[] packed = gzip(images);
        for (int cut : new int[] {packed.length / 3, packed.length / 2, packed.length - 12}) {
            Files.write(imagesFile, Arrays.copyOf(packed, cut));
            String m = assertFaultOf(
                    imagesFile,
                    "truncated",
                    "expected 15696 bytes",
                    "unexpected end of gzip stream",
                    "the compressed file has " + cut + " bytes");
            assertTrue(m.matches(".*found \\d+ bytes \\(uncompressed\\).*"), m);
        }
        // cut inside the 8-byte trailer, after all the content
        Files.write(imagesFile, Arrays.copyOf(packed, packed.length - 3));
        assertFaultOf(imagesFile, "truncated", "trailer", "15696 bytes", "unexpected end of gzip stream");
        // extra bytes after the announced content
        Files.write(imagesFile, gzip(concat(images, new byte[5])));
        assertFaultOf(imagesFile, "has 5 bytes after", "expected 15696 bytes", "found 15701 bytes");
    }

    @Test
    void aHeaderClaimingHugeCountsIsRefusedBySizeWithoutALargeAllocation() throws IOException {
        // 2^30 labels: an array the heap could hold, refused by comparing with the file's size
        byte[] lying = labels.clone();
        ByteBuffer.wrap(lying).putInt(4, 1 << 30);
        Files.write(labelsFile, lying);
        assertSmallAllocation(
                () -> assertFaultOf(labelsFile, "truncated", "expected 1073741832 bytes", "found 28 bytes"));
        Files.write(labelsFile, gzip(lying));
        assertSmallAllocation(() ->
                assertFaultOf(labelsFile, "truncated", "expected 1073741832 bytes", "found 28 bytes (uncompressed)"));
        // a gzip trailer lying too (its size field agrees with the header): still no large allocation
        byte[] packed = gzip(lying);
        ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).putInt(packed.length - 4, (1 << 30) + 8);
        Files.write(labelsFile, packed);
        assertSmallAllocation(() -> assertFaultOf(labelsFile));
        // 2^31 images of 28x28: more than an array holds, and more than the file holds
        Files.write(labelsFile, labels);
        byte[] huge = images.clone();
        ByteBuffer.wrap(huge).putInt(4, 1 << 31);
        Files.write(imagesFile, huge);
        assertSmallAllocation(() -> assertFaultOf(
                imagesFile,
                "absurd",
                "2147483648 images",
                "truncated",
                "expected " + (16 + (1L << 31) * 784) + " bytes",
                "found 15696 bytes"));
        Files.write(imagesFile, gzip(huge));
        assertSmallAllocation(
                () -> assertFaultOf(imagesFile, "absurd", "truncated", "found 15696 bytes (uncompressed)"));
    }

    @Test
    void eachGzipFaultNamesTheOneFileAndItsCause() throws IOException {
        byte[] packed = gzip(images);
        Files.write(labelsFile, gzip(labels));
        byte[] bad = packed.clone();
        bad[2] = 7; // compression method: not deflate
        Files.write(imagesFile, bad);
        assertFaultOf(imagesFile, "not in gzip format");
        bad = packed.clone();
        bad[1] = (byte) 0x8c; // the gzip magic
        Files.write(imagesFile, bad);
        assertFaultOf(imagesFile, "not in gzip format", "0x1f 0x8c");
        bad = packed.clone();
        bad[packed.length - 6] ^= 1; // the CRC in the trailer
        Files.write(imagesFile, bad);
        assertFaultOf(imagesFile, "CRC mismatch");
        bad = packed.clone();
        for (int i = 20; i < 40; i++) {
            bad[i] ^= (byte) 0xa5; // the deflate data
        }
        Files.write(imagesFile, bad);
        assertFaultOf(imagesFile, "corrupt deflate data");
        Files.write(imagesFile, Arrays.copyOf(packed, packed.length / 2));
        assertFaultOf(imagesFile, "unexpected end of gzip stream");
    }

    @Test
    void concatenatedGzipMembersReadAsOneFile() throws IOException {
        // as `cat a.gz b.gz > c.gz` writes them; the last member's size field is not the file's size
        Files.write(
                imagesFile,
                concat(
                        gzip(Arrays.copyOf(images, 1000)),
                        gzip(Arrays.copyOfRange(images, 1000, 9000)),
                        gzip(Arrays.copyOfRange(images, 9000, images.length))));
        Files.write(
                labelsFile, concat(gzip(Arrays.copyOf(labels, 3)), gzip(Arrays.copyOfRange(labels, 3, labels.length))));
        ImageSet back = IdxReader.read("t", imagesFile, labelsFile, 10);
        assertEquals(20, back.count());
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(data.pixels(i), back.pixels(i));
            assertEquals(data.label(i), back.label(i));
        }
    }

    /** Reads the pair, expecting a fault of {@code faulty} (and only it) whose message holds every part. */
    private String assertFaultOf(Path faulty, String... parts) {
        DatasetFormatException e =
                assertThrows(DatasetFormatException.class, () -> IdxReader.read("t", imagesFile, labelsFile, 10));
        String m = e.getMessage();
        assertTrue(m.startsWith(faulty + ": "), m);
        Path other = faulty.equals(imagesFile) ? labelsFile : imagesFile;
        assertTrue(!m.contains(other.toString()), "names only the faulty file: " + m);
        for (String part : parts) {
            assertTrue(m.contains(part), "\"" + part + "\" missing from: " + m);
        }
        return m;
    }

    private static void assertSmallAllocation(Runnable read) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        read.run();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes for a 15 kB file");
    }
}
