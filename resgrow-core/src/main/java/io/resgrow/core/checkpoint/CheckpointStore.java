package io.resgrow.core.checkpoint;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.resgrow.core.check.Check;
import io.resgrow.core.history.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints in a directory, written so that a crash or a kill at any moment loses at most the
 * work since the last complete checkpoint, and read so that a damaged one is never loaded.
 *
 * <ul>
 *   <li>Writing: each checkpoint goes into a temporary directory, every file flushed, then is
 *       renamed into place ({@code ckpt-000012}) and read back from disk to verify it. Only then
 *       are older ones pruned: the newest {@code keep} valid checkpoints stay, so a good one is
 *       never deleted for a newer one that is not yet verified.
 *   <li>Integrity: the manifest records the SHA-256 of each array file, and {@code
 *       manifest.sha256} records the manifest's own, so an edited manifest is refused too.
 *   <li>Reading: there is no pointer file to go stale; {@link #loadLatest} scans the checkpoints
 *       from the newest down, skips (with a warning naming it and the fault) each one that is torn
 *       or altered, and loads the newest valid one.
 *   <li>One writer: {@link #lock} takes an exclusive lock file, so a second process on the same
 *       directory fails at once with a message naming the holder. The operating system releases it
 *       when the holder dies, even by SIGKILL.
 * </ul>
 */
public final class CheckpointStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final String MANIFEST = "manifest.json";
    private static final String MANIFEST_SUM = "manifest.sha256";
    private static final String PARAMS = "params.ndlist";
    private static final String OPTIMIZER = "optimizer.ndlist";
    private static final String PREFIX = "ckpt-";
    private static final String TMP_PREFIX = ".tmp-ckpt-";

    private final Path dir;
    private final int keep;
    private final Set<String> verified = new HashSet<>();
    private CheckpointLock lock;

    /**
     * Creates a store.
     *
     * @param dir the directory (created when first written)
     * @param keep how many valid checkpoints to keep, >= 1
     */
    public CheckpointStore(Path dir, int keep) {
        this.dir = Check.notNull("checkpointDir", dir);
        this.keep = Check.positive("keepCheckpoints", keep);
    }

    /**
     * A loaded checkpoint.
     *
     * @param state the manifest
     * @param params parameters
     * @param optimizer optimizer state
     * @param path the checkpoint's directory
     * @param skipped newer checkpoints that were skipped, each with its fault
     */
    public record Loaded(CheckpointState state, NDList params, NDList optimizer, Path path, List<String> skipped) {}

    /**
     * Returns the directory.
     *
     * @return the path
     */
    public Path directory() {
        return dir;
    }

    /**
     * Returns how many valid checkpoints are kept.
     *
     * @return the count
     */
    public int keep() {
        return keep;
    }

    /**
     * Takes the directory's lock for this process (idempotent).
     *
     * @throws CheckpointLockedException if another process, or another run in this one, holds it
     */
    public void lock() {
        if (lock == null) {
            lock = CheckpointLock.acquire(dir);
        }
    }

    /** Releases the lock, if held. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    /**
     * Writes a checkpoint atomically, verifies it from disk, then prunes older ones.
     *
     * @param state the manifest (its file hashes are filled in here)
     * @param params the parameters, each array named
     * @param optimizer the optimizer state, each array named
     * @return the new checkpoint's directory
     */
    public Path save(CheckpointState state, NDList params, NDList optimizer) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempDirectory(dir, TMP_PREFIX);
            Map<String, String> hashes = new LinkedHashMap<>();
            hashes.put(PARAMS, SyncedFiles.write(tmp.resolve(PARAMS), encode(params)));
            hashes.put(OPTIMIZER, SyncedFiles.write(tmp.resolve(OPTIMIZER), encode(optimizer)));
            byte[] manifest = Json.write(state.withFiles(hashes)).getBytes(StandardCharsets.UTF_8);
            String manifestSum = SyncedFiles.write(tmp.resolve(MANIFEST), manifest);
            SyncedFiles.write(tmp.resolve(MANIFEST_SUM), manifestSum.getBytes(StandardCharsets.US_ASCII));
            Path target = dir.resolve(String.format("%s%06d", PREFIX, nextNumber()));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            SyncedFiles.syncDirectory(dir);
            readManifest(target);
            for (Map.Entry<String, String> e : hashes.entrySet()) {
                SyncedFiles.readVerified(target.resolve(e.getKey()), e.getValue());
            }
            verified.add(target.getFileName().toString());
            prune();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint in " + dir + ": " + e, e);
        }
    }

    /**
     * Returns whether the directory holds any checkpoint, valid or not.
     *
     * @return true if a {@code ckpt-} directory exists
     */
    public boolean exists() {
        try {
            return !list().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * Loads the newest valid checkpoint, skipping newer ones that are torn or altered (each skip is
     * logged as a warning and listed in the result).
     *
     * @param manager the manager that owns the loaded arrays
     * @return the checkpoint, or empty if the directory holds none
     * @throws CorruptCheckpointException if checkpoints exist but none is valid
     */
    public Optional<Loaded> loadLatest(NDManager manager) {
        try {
            List<Path> all = list();
            List<String> skipped = new ArrayList<>();
            for (int i = all.size() - 1; i >= 0; i--) {
                Path ckpt = all.get(i);
                try {
                    CheckpointState state = readManifest(ckpt);
                    NDList params = decode(ckpt.resolve(PARAMS), state.files().get(PARAMS), manager);
                    NDList optimizer =
                            decode(ckpt.resolve(OPTIMIZER), state.files().get(OPTIMIZER), manager);
                    verified.add(ckpt.getFileName().toString());
                    return Optional.of(new Loaded(state, params, optimizer, ckpt, List.copyOf(skipped)));
                } catch (CorruptCheckpointException e) {
                    LOG.warn("Skipping checkpoint {}: {}", ckpt.getFileName(), e.fault());
                    skipped.add(ckpt.getFileName() + ": " + e.fault());
                }
            }
            if (!skipped.isEmpty()) {
                throw new CorruptCheckpointException(
                        dir,
                        "none of its " + skipped.size() + " checkpoints is valid (" + String.join("; ", skipped) + ")",
                        "start without resume, or with another checkpoint directory");
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints in " + dir + ": " + e, e);
        }
    }

    private static CheckpointState readManifest(Path ckpt) throws IOException {
        Path manifestFile = ckpt.resolve(MANIFEST);
        Path sumFile = ckpt.resolve(MANIFEST_SUM);
        if (!Files.isRegularFile(sumFile)) {
            throw new CorruptCheckpointException(sumFile, "the file is missing");
        }
        String expected = Files.readString(sumFile, StandardCharsets.US_ASCII).trim();
        byte[] manifest = SyncedFiles.readVerified(manifestFile, expected);
        CheckpointState state;
        try {
            state = Json.read(new String(manifest, StandardCharsets.UTF_8), CheckpointState.class);
        } catch (RuntimeException e) {
            throw new CorruptCheckpointException(manifestFile, "it is not valid JSON: " + e.getMessage());
        }
        if (state == null || state.format() != CheckpointState.FORMAT || state.files() == null) {
            throw new CorruptCheckpointException(
                    manifestFile, "unknown manifest format (expected " + CheckpointState.FORMAT + ")");
        }
        return state;
    }

    private static NDList decode(Path file, String expected, NDManager manager) throws IOException {
        byte[] bytes = SyncedFiles.readVerified(file, expected);
        if (bytes.length == 0) {
            return new NDList();
        }
        try {
            return NDList.decode(manager, bytes);
        } catch (RuntimeException e) {
            throw new CorruptCheckpointException(file, "cannot decode arrays: " + e.getMessage());
        }
    }

    /** DJL cannot decode an empty list, so an empty list is written as an empty file. */
    private static byte[] encode(NDList list) {
        return list.isEmpty() ? new byte[0] : list.encode();
    }

    private int nextNumber() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? 1 : number(all.get(all.size() - 1)) + 1;
    }

    private static int number(Path ckpt) {
        return Integer.parseInt(ckpt.getFileName().toString().substring(PREFIX.length()));
    }

    private List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(PREFIX + "\\d{6}"))
                    .sorted((a, b) -> Integer.compare(number(a), number(b)))
                    .toList();
        }
    }

    /** Keeps the newest {@code keep} valid checkpoints and everything newer than the oldest of them. */
    private void prune() throws IOException {
        List<Path> all = list();
        int valid = 0;
        int i = all.size() - 1;
        for (; i >= 0 && valid < keep; i--) {
            if (isValid(all.get(i))) {
                valid++;
            }
        }
        for (; i >= 0; i--) {
            SyncedFiles.deleteTree(all.get(i));
            verified.remove(all.get(i).getFileName().toString());
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(q -> q.getFileName().toString().startsWith(TMP_PREFIX))
                    .toList()) {
                SyncedFiles.deleteTree(p);
            }
        }
    }

    private boolean isValid(Path ckpt) throws IOException {
        if (verified.contains(ckpt.getFileName().toString())) {
            return true;
        }
        try {
            CheckpointState state = readManifest(ckpt);
            for (Map.Entry<String, String> e : state.files().entrySet()) {
                SyncedFiles.readVerified(ckpt.resolve(e.getKey()), e.getValue());
            }
            verified.add(ckpt.getFileName().toString());
            return true;
        } catch (CorruptCheckpointException e) {
            return false;
        }
    }

    /**
     * Returns the SHA-256 of bytes as hex.
     *
     * @param bytes the bytes
     * @return lower-case hex
     */
    public static String sha256(byte[] bytes) {
        return SyncedFiles.sha256(bytes);
    }
}
