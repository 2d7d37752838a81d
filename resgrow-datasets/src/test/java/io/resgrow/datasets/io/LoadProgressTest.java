package io.resgrow.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.datasets.Datasets;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.LoadProgress;
import io.resgrow.datasets.SyntheticDataset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset loading tells its listener how far each file is read: counts rise and end at the file's size. */
class LoadProgressTest {

    /** Every call, per file, in order. */
    private static final class Recorder implements LoadProgress {
        final Map<String, List<long[]>> calls = new LinkedHashMap<>();

        @Override
        public void read(String file, long done, long total) {
            calls.computeIfAbsent(file, f -> new ArrayList<>()).add(new long[] {done, total});
        }

        /** Checks one file's calls: from 0, never falling, one total, ending at it (the file's size). */
        void assertWhole(Path file) throws IOException {
            List<long[]> c = calls.get(file.getFileName().toString());
            assertTrue(c != null && c.size() >= 2, "calls for " + file + ": " + calls.keySet());
            long size = Files.size(file);
            assertEquals(0, c.get(0)[0], file + " starts at 0");
            for (int i = 0; i < c.size(); i++) {
                assertEquals(size, c.get(i)[1], file + ": the total is the file's size");
                if (i > 0) {
                    assertTrue(c.get(i)[0] >= c.get(i - 1)[0], file + ": counts never fall");
                }
            }
            assertEquals(size, c.get(c.size() - 1)[0], file + " ends at its size");
        }
    }

    @Test
    void idxFilesGzipAndRawAreReportedWhole(@TempDir Path dir) throws IOException {
        ImageSet data = TestFiles.twentyImages();
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(TestFiles.idxImages(data)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), TestFiles.idxLabels(data));
        Recorder r = new Recorder();
        assertEquals(20, Datasets.fashionMnist(dir, true, r).count());
        assertEquals(List.of("train-labels-idx1-ubyte", "train-images-idx3-ubyte.gz"), List.copyOf(r.calls.keySet()));
        r.assertWhole(dir.resolve("train-images-idx3-ubyte.gz"));
        r.assertWhole(dir.resolve("train-labels-idx1-ubyte"));
    }

    @Test
    void aLargeIdxFileIsReportedInManySteps(@TempDir Path dir) throws IOException {
        ImageSet data = SyntheticDataset.create(2000, 10, 1, 28, 40, 3);
        Path images = dir.resolve("images");
        Path labels = dir.resolve("labels");
        Files.write(images, TestFiles.idxImages(data));
        Files.write(labels, TestFiles.idxLabels(data));
        Recorder r = new Recorder();
        IdxReader.read("big", images, labels, 10, r);
        r.assertWhole(images);
        assertTrue(
                r.calls.get("images").size() > Files.size(images) / CountedInput.STEP,
                "a 1.5 MB raw file read in one call still advances in steps: "
                        + r.calls.get("images").size());
    }

    @Test
    void cifarDirectoryAndArchiveAreReportedWhole(@TempDir Path dir) throws IOException {
        for (int k = 1; k <= 5; k++) {
            Files.write(dir.resolve("data_batch_" + k + ".bin"), TestFiles.cifarRecords(2, 1, k));
        }
        Recorder r = new Recorder();
        assertEquals(
                10,
                CifarReader.readDirectory(dir, CifarReader.Kind.CIFAR10, true, r)
                        .count());
        for (int k = 1; k <= 5; k++) {
            r.assertWhole(dir.resolve("data_batch_" + k + ".bin"));
        }
        Path archive = dir.resolve("cifar-100-binary.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
            CifarReaderTest.tarEntry(out, "cifar-100-binary/train.bin", TestFiles.cifarRecords(4, 2, 5));
            CifarReaderTest.tarEntry(out, "cifar-100-binary/test.bin", TestFiles.cifarRecords(2, 2, 0));
            out.write(new byte[1024]);
        }
        Recorder a = new Recorder();
        assertEquals(
                4, Datasets.cifar(dir, CifarReader.Kind.CIFAR100_FINE, true, a).count());
        a.assertWhole(archive);
    }
}
