package io.resgrow.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.datasets.io.CifarReader;
import io.resgrow.datasets.io.IdxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where datasets are looked for: a given directory alone, else RESGROW_DATA then the fallbacks. */
class DatasetsTest {

    private static final CifarReader.Kind C10 = CifarReader.Kind.CIFAR10;

    /** Writes the training pair of {@code count} images in IDX gzip files. */
    private static void writeTrainingPair(Path dir, int count) {
        ImageSet data = SyntheticDataset.create(count, 10, 1, 28, 40, 3);
        IdxWriter.write(
                data,
                IntStream.range(0, count).toArray(),
                dir.resolve("train-images-idx3-ubyte.gz"),
                dir.resolve("train-labels-idx1-ubyte.gz"));
    }

    /** Writes the CIFAR-10 files named, one record each. */
    private static void writeCifar10(Path dir, List<String> files) throws IOException {
        Files.createDirectories(dir);
        for (String f : files) {
            Files.write(dir.resolve(f), new byte[3073]);
        }
    }

    @Test
    void aGivenDirectoryIsTheOnlyPlaceLookedIn(@TempDir Path tmp) throws IOException {
        Path given = tmp.resolve("given");
        Path fallback = tmp.resolve("fallback");
        writeTrainingPair(given, 4);
        writeTrainingPair(fallback, 6);
        Files.delete(given.resolve("train-labels-idx1-ubyte.gz"));
        DatasetNotFoundException e = assertThrows(
                DatasetNotFoundException.class,
                () -> Datasets.idx("fashion-mnist", given, true, List.of(fallback), "install it"));
        String m = e.getMessage();
        assertTrue(
                m.contains("not found in the given directory " + given + ": missing [train-labels-idx1-ubyte[.gz]]"),
                m);
        assertTrue(m.contains("Fix: copy the missing files into " + given), m);
        assertTrue(m.contains("or give no directory to search $RESGROW_DATA and [" + fallback + "]"), m);
        // and RESGROW_DATA is not looked in either
        e = assertThrows(
                DatasetNotFoundException.class,
                () -> Datasets.idx("fashion-mnist", given, true, List.of(), "install it", fallback.toString()));
        assertTrue(e.getMessage().contains("missing [train-labels-idx1-ubyte[.gz]]"), e.getMessage());
        // an empty or absent directory names both files
        for (Path dir : List.of(tmp.resolve("empty"), tmp.resolve("absent"))) {
            if (dir.endsWith("empty")) {
                Files.createDirectories(dir);
            }
            e = assertThrows(DatasetNotFoundException.class, () -> Datasets.fashionMnist(dir, true));
            assertTrue(
                    e.getMessage()
                            .contains("given directory " + dir
                                    + ": missing [train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz]]"),
                    e.getMessage());
        }
    }

    @Test
    void withoutADirectoryTheSearchTakesResgrowDataThenTheFallbacks(@TempDir Path tmp) {
        Path env = tmp.resolve("env");
        Path fallback = tmp.resolve("fallback");
        writeTrainingPair(env.resolve("fashion-mnist"), 4);
        writeTrainingPair(fallback, 6);
        assertEquals(
                4,
                Datasets.idx("fashion-mnist", null, true, List.of(fallback), "x", env.toString())
                        .count());
        assertEquals(
                6,
                Datasets.idx("fashion-mnist", null, true, List.of(fallback), "x", null)
                        .count());
        DatasetNotFoundException e = assertThrows(
                DatasetNotFoundException.class,
                () -> Datasets.idx(
                        "fashion-mnist",
                        null,
                        false,
                        List.of(fallback, tmp.resolve("nowhere")),
                        "install it",
                        env.toString()));
        String m = e.getMessage();
        assertTrue(
                m.contains("t10k-images-idx3-ubyte")
                        && m.contains(env.toString())
                        && m.contains("nowhere")
                        && m.contains(fallback.toString())
                        && m.contains("Fix: install it"),
                m);
    }

    @Test
    void aGivenCifarDirectoryIsTheOnlyPlaceLookedIn(@TempDir Path tmp) throws IOException {
        Path given = tmp.resolve("given");
        Path env = tmp.resolve("env");
        writeCifar10(given, C10.files(true).subList(0, 4));
        writeCifar10(env, C10.files(true));
        assertEquals(5, Datasets.cifar(null, C10, true, env.toString()).count());
        DatasetNotFoundException e =
                assertThrows(DatasetNotFoundException.class, () -> Datasets.cifar(given, C10, true, env.toString()));
        String m = e.getMessage();
        assertTrue(
                m.contains("cifar-10 not found in the given directory " + given + ": missing [data_batch_5.bin]"), m);
        assertTrue(m.contains("copy the missing files (or cifar-10-binary.tar.gz) into " + given), m);
        assertFalse(m.contains(env.toString()), m);
        // the archive's own sub-directory is part of the given directory
        writeCifar10(given.resolve("cifar-10-batches-bin"), C10.files(true));
        assertEquals(5, Datasets.cifar(given, C10, true, (String) null).count());
    }
}
