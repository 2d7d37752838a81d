package io.resgrow.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/** File helpers for checkpoints: durable writes, hash-checked reads, tree deletion. */
final class SyncedFiles {

    private SyncedFiles() {}

    /** Writes bytes, flushes them to disk, and returns their SHA-256. */
    static String write(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        return sha256(bytes);
    }

    /** Flushes a directory's entries (a rename inside it) to disk, where the platform allows. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a directory; the rename itself is still atomic
        }
    }

    /** Reads a file whose SHA-256 must equal {@code expected}, else throws CorruptCheckpointException. */
    static byte[] readVerified(Path file, String expected) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CorruptCheckpointException(file, "the file is missing");
        }
        byte[] bytes = Files.readAllBytes(file);
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new CorruptCheckpointException(
                    file, "its SHA-256 is " + actual + " but " + expected + " was recorded");
        }
        return bytes;
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                    .toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
