package io.resgrow.datasets.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.resgrow.datasets.DatasetFormatException;
import io.resgrow.datasets.ImageSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of files in the official formats (raw and gzip IDX images and labels, a CIFAR-10
 * batch): truncations and byte flips in headers and bodies. Every mutated file either loads or
 * throws a {@link DatasetFormatException} naming it, never another exception.
 */
class MutatedFilesTest {

    private static final long SEED = 20_260_101L;
    private static final int PER_CASE = 20;
    private static final int CIFAR_RECORD = 3073;

    /** The file mutated; the other files of the split stay intact. */
    private enum Target {
        RAW_IMAGES(16),
        RAW_LABELS(8),
        GZIP_IMAGES(16),
        GZIP_LABELS(8),
        CIFAR10_BATCH(0);

        final int idxHeader;

        Target(int idxHeader) {
            this.idxHeader = idxHeader;
        }

        boolean gzip() {
            return this == GZIP_IMAGES || this == GZIP_LABELS;
        }
    }

    /** How it is mutated. */
    private enum Kind {
        TRUNCATE,
        HEADER_FLIP,
        BODY_FLIP
    }

    @Test
    void everyMutationLoadsOrIsATypedErrorNamingTheFile(@TempDir Path dir) throws IOException {
        ImageSet data = TestFiles.twentyImages();
        byte[] images = TestFiles.idxImages(data);
        byte[] labels = TestFiles.idxLabels(data);
        byte[] batch = TestFiles.cifarRecords(10, 1, 0);
        int cases = 0;
        int loaded = 0;
        for (Target target : Target.values()) {
            for (Kind kind : Kind.values()) {
                for (int i = 0; i < PER_CASE; i++, cases++) {
                    long seed = SEED + cases;
                    Random rng = new Random(seed);
                    byte[] original = switch (target) {
                        case RAW_IMAGES, GZIP_IMAGES -> images;
                        case RAW_LABELS, GZIP_LABELS -> labels;
                        case CIFAR10_BATCH -> batch;
                    };
                    Mutation m = mutate(target, kind, original, rng);
                    String what = "seed " + seed + ", " + target + ", " + kind + ", " + m.where;
                    String fault = read(dir, target, m.bytes, images, labels, what);
                    if (fault == null) {
                        loaded++;
                        assertTrue(
                                kind != Kind.TRUNCATE
                                        || target == Target.CIFAR10_BATCH && m.bytes.length % CIFAR_RECORD == 0,
                                "a truncated file loaded: " + what);
                    } else {
                        assertTrue(
                                !(target == Target.RAW_IMAGES || target == Target.CIFAR10_BATCH)
                                        || kind != Kind.BODY_FLIP,
                                "a pixel byte flip was refused (" + what + "): " + fault);
                        assertTrue(
                                kind != Kind.TRUNCATE || fault.contains("truncated"),
                                "a truncation not called one (" + what + "): " + fault);
                    }
                }
            }
        }
        assertTrue(cases >= 200, cases + " mutations");
        assertTrue(loaded > 0 && loaded < cases, loaded + " of " + cases + " mutated files loaded");
    }

    private record Mutation(byte[] bytes, String where) {}

    /**
     * Mutates the file. Gzip targets are compressed here: a header flip lands in the gzip header
     * or (every other case) in the IDX header before compressing; a body flip in the compressed
     * bytes after the gzip header, trailer included. A CIFAR batch has no header: its header flips
     * land on a record's label byte.
     */
    private static Mutation mutate(Target target, Kind kind, byte[] content, Random rng) {
        byte flip = (byte) (1 + rng.nextInt(255));
        if (target.gzip() && kind == Kind.HEADER_FLIP && rng.nextBoolean()) {
            byte[] lying = content.clone();
            int off = rng.nextInt(target.idxHeader);
            lying[off] ^= flip;
            return new Mutation(
                    TestFiles.gzip(lying), "IDX header offset " + off + " xor " + (flip & 0xff) + ", then gzip");
        }
        byte[] file = target.gzip() ? TestFiles.gzip(content) : content.clone();
        int header = target.gzip() ? 10 : target.idxHeader;
        if (kind == Kind.TRUNCATE) {
            int length = rng.nextInt(file.length);
            return new Mutation(Arrays.copyOf(file, length), "cut to " + length + " of " + file.length + " bytes");
        }
        int off = kind == Kind.BODY_FLIP
                ? header + rng.nextInt(file.length - header)
                : target == Target.CIFAR10_BATCH ? CIFAR_RECORD * rng.nextInt(10) : rng.nextInt(header);
        file[off] ^= flip;
        return new Mutation(file, "offset " + off + " xor " + (flip & 0xff));
    }

    /** Reads the split holding the mutated file; returns the fault's message, or null if it loaded. */
    private static String read(Path dir, Target target, byte[] mutated, byte[] images, byte[] labels, String what)
            throws IOException {
        Path imagesFile = dir.resolve("images");
        Path labelsFile = dir.resolve("labels");
        Path mutatedFile = switch (target) {
            case RAW_IMAGES, GZIP_IMAGES -> imagesFile;
            case RAW_LABELS, GZIP_LABELS -> labelsFile;
            case CIFAR10_BATCH -> dir.resolve("test_batch.bin");
        };
        Files.write(imagesFile, images);
        Files.write(labelsFile, labels);
        Files.write(mutatedFile, mutated);
        try {
            if (target == Target.CIFAR10_BATCH) {
                CifarReader.readDirectory(dir, CifarReader.Kind.CIFAR10, false);
            } else {
                IdxReader.read("mutated", imagesFile, labelsFile, 10);
            }
            return null;
        } catch (Throwable e) {
            if (e.getClass() != DatasetFormatException.class) {
                fail("not a DatasetFormatException (" + what + "): " + e, e);
            }
            assertTrue(
                    e.getMessage().startsWith(mutatedFile + ": "),
                    "does not name the file (" + what + "): " + e.getMessage());
            return e.getMessage();
        }
    }
}
