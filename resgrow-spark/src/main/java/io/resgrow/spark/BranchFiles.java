package io.resgrow.spark;

import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.checkpoint.CorruptCheckpointException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A branch's files on the storage every executor and the driver share, under the run's checkpoint
 * directory: {@code branches/branch-K-FINGERPRINT/} holds the branch run's own checkpoints ({@code
 * ckpt-*}, written by core's {@link CheckpointStore} at every epoch end) and, once the branch is
 * done, {@code outcome.bin}: its {@link BranchOutcome}. The fingerprint is the SHA-256 of the task
 * (branch, settings, starting parameters, data recipe), so files of another run are never taken for
 * this one's.
 *
 * <p>The outcome is written to a temporary file, flushed, renamed into place and the directory
 * flushed; its first line holds the fingerprint and the SHA-256 of the rest, so a truncated or
 * altered file is refused ({@link CorruptCheckpointException}) and never loaded.
 */
final class BranchFiles {

    static final String ROOT = "branches";
    static final String OUTCOME = "outcome.bin";
    private static final String MAGIC = "resgrow-branch-outcome 1";

    private BranchFiles() {}

    /**
     * The SHA-256 of what a task computes from: the task without its directory, its architecture in
     * a form that is the same in every JVM (a restarted driver must find its branches again).
     */
    static String fingerprint(BranchTask task) {
        return CheckpointStore.sha256(serialize(task.with(Json.canonical(task.architecture()), null)));
    }

    /** The branch's directory under {@code root} ({@code CHECKPOINTS/branches}). */
    static Path dir(Path root, BranchTask task) {
        return root.resolve(
                "branch-" + task.spec().branch() + "-" + fingerprint(task).substring(0, 16));
    }

    /** Writes the outcome atomically (temporary file, flush, rename, flush the directory). */
    static void write(Path dir, String fingerprint, BranchOutcome outcome) {
        byte[] payload = serialize(outcome);
        byte[] header = (MAGIC + " " + fingerprint + " " + CheckpointStore.sha256(payload) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".outcome-", ".tmp");
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.allocate(header.length + payload.length);
                buf.put(header).put(payload).flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, dir.resolve(OUTCOME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // not every platform opens a directory; the rename is atomic all the same
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the branch outcome in " + dir + ": " + e, e);
        }
    }

    /**
     * Reads a finished branch's outcome.
     *
     * @return the outcome, or empty if the branch has none yet
     * @throws CorruptCheckpointException if the file is truncated, altered or of another task
     */
    static Optional<BranchOutcome> read(Path dir, String fingerprint) {
        Path file = dir.resolve(OUTCOME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
        int newline = indexOf(all, (byte) '\n');
        String[] header =
                newline < 0 ? new String[0] : new String(all, 0, newline, StandardCharsets.US_ASCII).split(" ");
        if (header.length != 4 || !MAGIC.equals(header[0] + " " + header[1])) {
            throw corrupt(file, "no outcome header (" + all.length + " bytes)");
        }
        if (!header[2].equals(fingerprint)) {
            throw corrupt(
                    file, "written for another task (fingerprint " + header[2] + ", this task's " + fingerprint + ")");
        }
        byte[] payload = Arrays.copyOfRange(all, newline + 1, all.length);
        String actual = CheckpointStore.sha256(payload);
        if (!actual.equals(header[3])) {
            throw corrupt(file, "its SHA-256 is " + actual + " but " + header[3] + " was recorded");
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
            return Optional.of((BranchOutcome) in.readObject());
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw corrupt(file, "cannot decode it: " + e);
        }
    }

    /** Deletes {@code root} and everything in it (a run that does not resume starts its branches afresh). */
    static boolean clear(Path root) {
        if (!Files.exists(root)) {
            return false;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the branches' checkpoints in " + root + ": " + e, e);
        }
    }

    private static CorruptCheckpointException corrupt(Path file, String fault) {
        return new CorruptCheckpointException(
                file, fault, "the branch is trained again from its newest valid checkpoint");
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < Math.min(bytes.length, 256); i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] serialize(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
