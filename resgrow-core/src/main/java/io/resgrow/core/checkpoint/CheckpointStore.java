package io.resgrow.core.checkpoint;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.resgrow.core.history.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checkpoints in a directory, written so that a crash or a kill at any moment leaves the previous
 * checkpoint intact: each checkpoint is written into a temporary directory, flushed to disk, renamed
 * into place ({@code ckpt-000012}), and only then named in the {@code latest} file (itself replaced
 * by rename). Every array file's SHA-256 is in the manifest and is checked before anything is
 * decoded, so a corrupt file is never loaded. The newest {@code keep} checkpoints are kept.
 */
public final class CheckpointStore {

    private static final String MANIFEST = "manifest.json";
    private static final String PARAMS = "params.ndlist";
    private static final String OPTIMIZER = "optimizer.ndlist";
    private static final String LATEST = "latest";

    private final Path dir;
    private final int keep;

    /**
     * Creates a store.
     *
     * @param dir the directory (created if needed)
     * @param keep how many checkpoints to keep, >= 1
     */
    public CheckpointStore(Path dir, int keep) {
        this.dir = dir;
        this.keep = io.resgrow.core.Check.positive("keep", keep);
    }

    /** A loaded checkpoint. @param state the manifest @param params parameters @param optimizer optimizer state */
    public record Loaded(CheckpointState state, NDList params, NDList optimizer) {}

    /**
     * Returns the directory.
     *
     * @return the path
     */
    public Path directory() {
        return dir;
    }

    /**
     * Writes a checkpoint atomically.
     *
     * @param state the manifest (its file hashes are filled in here)
     * @param params the parameters, each array named
     * @param optimizer the optimizer state, each array named
     * @return the new checkpoint's directory
     */
    public Path save(CheckpointState state, NDList params, NDList optimizer) {
        try {
            Files.createDirectories(dir);
            int number = nextNumber();
            Path tmp = Files.createTempDirectory(dir, ".tmp-ckpt-");
            Map<String, String> hashes = new LinkedHashMap<>();
            hashes.put(PARAMS, writeSynced(tmp.resolve(PARAMS), encode(params)));
            hashes.put(OPTIMIZER, writeSynced(tmp.resolve(OPTIMIZER), encode(optimizer)));
            String manifest = Json.write(state.withFiles(hashes));
            writeSynced(tmp.resolve(MANIFEST), manifest.getBytes(StandardCharsets.UTF_8));
            Path target = dir.resolve(String.format("ckpt-%06d", number));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            Path latestTmp = dir.resolve(".latest.tmp");
            writeSynced(latestTmp, target.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            Files.move(latestTmp, dir.resolve(LATEST), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            prune();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + dir, e);
        }
    }

    /**
     * Returns whether the directory holds a checkpoint.
     *
     * @return true if {@code latest} exists
     */
    public boolean exists() {
        return Files.isRegularFile(dir.resolve(LATEST));
    }

    /**
     * Loads the newest checkpoint, after checking every file's hash.
     *
     * @param manager the manager that owns the loaded arrays
     * @return the checkpoint, or empty if there is none
     * @throws CorruptCheckpointException if any file is missing, altered or unreadable
     */
    public Optional<Loaded> loadLatest(NDManager manager) {
        if (!exists()) {
            return Optional.empty();
        }
        try {
            String name = Files.readString(dir.resolve(LATEST)).trim();
            Path ckpt = dir.resolve(name);
            Path manifestFile = ckpt.resolve(MANIFEST);
            if (!Files.isRegularFile(manifestFile)) {
                throw new CorruptCheckpointException(manifestFile, "the file is missing");
            }
            CheckpointState state;
            try {
                state = Json.read(Files.readString(manifestFile), CheckpointState.class);
            } catch (RuntimeException e) {
                throw new CorruptCheckpointException(manifestFile, "it is not valid JSON: " + e.getMessage());
            }
            if (state == null || state.format() != CheckpointState.FORMAT || state.files() == null) {
                throw new CorruptCheckpointException(manifestFile,
                        "unknown manifest format (expected " + CheckpointState.FORMAT + ")");
            }
            NDList params = read(ckpt.resolve(PARAMS), state.files().get(PARAMS), manager);
            NDList optimizer = read(ckpt.resolve(OPTIMIZER), state.files().get(OPTIMIZER), manager);
            return Optional.of(new Loaded(state, params, optimizer));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint in " + dir, e);
        }
    }

    private static NDList read(Path file, String expected, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CorruptCheckpointException(file, "the file is missing");
        }
        byte[] bytes = Files.readAllBytes(file);
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new CorruptCheckpointException(file,
                    "its SHA-256 is " + actual + " but the manifest records " + expected);
        }
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
        int max = 0;
        for (Path p : list()) {
            max = Math.max(max, Integer.parseInt(p.getFileName().toString().substring(5)));
        }
        return max + 1;
    }

    private List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("ckpt-\\d{6}")).sorted().forEach(out::add);
        }
        return out;
    }

    private void prune() throws IOException {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            deleteTree(all.get(i));
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.filter(
                    q -> q.getFileName().toString().startsWith(".tmp-ckpt-"))::iterator) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }

    private static String writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        return sha256(bytes);
    }

    /**
     * Returns the SHA-256 of bytes as hex.
     *
     * @param bytes the bytes
     * @return lower-case hex
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
