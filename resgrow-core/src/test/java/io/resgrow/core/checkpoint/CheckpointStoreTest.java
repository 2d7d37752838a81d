package io.resgrow.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    private static CheckpointState state(int epoch) {
        return new CheckpointState(
                CheckpointState.FORMAT,
                "plain",
                1,
                0,
                "p",
                epoch,
                0,
                new double[] {0, 0, 0},
                1.5,
                2.5,
                "arch",
                List.of(),
                List.of(),
                List.of(),
                Map.of("seed", "1"),
                Map.of());
    }

    private static NDList named(NDManager m, String name, float... values) {
        NDArray a = m.create(values);
        a.setName(name);
        return new NDList(a);
    }

    @Test
    void roundTripKeepsNamesValuesAndManifest(@TempDir Path dir) {
        CheckpointStore store = new CheckpointStore(dir, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            assertTrue(store.loadLatest(m).isEmpty());
            store.save(state(3), named(m, "net/w", 1, 2, 3), named(m, "net/w#0", 4));
            CheckpointStore.Loaded loaded = store.loadLatest(m).orElseThrow();
            assertEquals(3, loaded.state().epoch());
            assertEquals("net/w", loaded.params().get(0).getName());
            assertArrayEquals(new float[] {1, 2, 3}, loaded.params().get(0).toFloatArray());
            assertEquals("net/w#0", loaded.optimizer().get(0).getName());
        }
    }

    @Test
    void keepsOnlyTheNewestAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int e = 1; e <= 4; e++) {
                store.save(state(e), named(m, "w", e), new NDList());
            }
            try (Stream<Path> s = Files.list(dir)) {
                List<String> names =
                        s.map(p -> p.getFileName().toString()).sorted().toList();
                assertEquals(List.of("ckpt-000003", "ckpt-000004"), names);
            }
            assertEquals(4, store.loadLatest(m).orElseThrow().state().epoch());
        }
    }

    @Test
    void aMissingOrTruncatedFileIsRefused(@TempDir Path dir) throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Path ckpt = store.save(state(1), named(m, "w", 1, 2), new NDList());
            Path params = ckpt.resolve("params.ndlist");
            byte[] bytes = Files.readAllBytes(params);
            Files.write(params, Arrays.copyOf(bytes, bytes.length - 3));
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> store.loadLatest(m));
            assertTrue(
                    e.getMessage().contains("params.ndlist")
                            && e.getMessage().contains("ckpt-000001")
                            && e.getMessage().contains("none of its 1 checkpoints is valid"),
                    e.getMessage());
            Files.delete(params);
            e = assertThrows(CorruptCheckpointException.class, () -> store.loadLatest(m));
            assertTrue(e.getMessage().contains("missing"), e.getMessage());
        }
    }

    private static void edit(Path file, String regex, String to) throws IOException {
        String text = Files.readString(file);
        String edited = text.replaceFirst(regex, to);
        assertFalse(text.equals(edited), text);
        Files.writeString(file, edited);
    }

    @Test
    void anEditedManifestIsSkippedForThePreviousCheckpoint(@TempDir Path dir) throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            store.save(state(5), named(m, "w", 5), new NDList());
            Path newest = store.save(state(6), named(m, "w", 6), new NDList());
            edit(newest.resolve("manifest.json"), "\"epoch\":\\s*6", "\"epoch\": 2");
            CheckpointStore.Loaded loaded = store.loadLatest(m).orElseThrow();
            assertEquals(5, loaded.state().epoch());
            assertEquals(1, loaded.skipped().size());
            assertTrue(
                    loaded.skipped().get(0).startsWith("ckpt-000002: manifest.json: its SHA-256 is"),
                    loaded.skipped().get(0));
        }
    }

    @Test
    void aTornWriteLeavesThePreviousCheckpointAndIsCleanedUp(@TempDir Path dir) throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            store.save(state(1), named(m, "w", 1), new NDList());
            Path torn = Files.createDirectory(dir.resolve(".tmp-ckpt-123"));
            Files.write(torn.resolve("params.ndlist"), new byte[] {1, 2, 3});
            assertEquals(1, store.loadLatest(m).orElseThrow().state().epoch());
            store.save(state(2), named(m, "w", 2), new NDList());
            assertFalse(Files.exists(torn));
        }
    }

    @Test
    void pruningKeepsTheNewestValidOnesAndSkipsCorruptOnes(@TempDir Path dir) throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            store.save(state(1), named(m, "w", 1), new NDList());
            Path second = store.save(state(2), named(m, "w", 2), new NDList());
            Files.write(second.resolve("params.ndlist"), new byte[] {9});
            CheckpointStore fresh = new CheckpointStore(dir, 2);
            fresh.save(state(3), named(m, "w", 3), new NDList());
            assertTrue(Files.isDirectory(dir.resolve("ckpt-000001")), "the older good one stays");
            assertEquals(3, fresh.loadLatest(m).orElseThrow().state().epoch());
            fresh.save(state(4), named(m, "w", 4), new NDList());
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(
                        List.of("ckpt-000003", "ckpt-000004"),
                        s.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }
    }

    @Test
    void aSecondWriterIsRefusedAtOnceNamingTheHolder(@TempDir Path dir) {
        try (CheckpointStore a = new CheckpointStore(dir, 2);
                CheckpointStore b = new CheckpointStore(dir, 2)) {
            a.lock();
            CheckpointLockedException e = assertThrows(CheckpointLockedException.class, b::lock);
            assertTrue(
                    e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains("another checkpoint directory"), e.getMessage());
            a.close();
            b.lock();
        }
    }
}
