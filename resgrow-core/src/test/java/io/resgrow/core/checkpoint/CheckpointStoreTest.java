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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    private static CheckpointState state(int epoch) {
        return new CheckpointState(CheckpointState.FORMAT, "plain", 1, 0, "p", epoch, 0,
                new double[] {0, 0, 0}, 1.5, 2.5, "arch", List.of(), List.of(), List.of(), Map.of());
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
                List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
                assertEquals(List.of("ckpt-000003", "ckpt-000004", "latest"), names);
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
            Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length - 3));
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> store.loadLatest(m));
            assertTrue(e.getMessage().contains("params.ndlist"), e.getMessage());
            Files.delete(params);
            e = assertThrows(CorruptCheckpointException.class, () -> store.loadLatest(m));
            assertTrue(e.getMessage().contains("missing"), e.getMessage());
            Files.writeString(ckpt.resolve("manifest.json"), "{not json");
            assertThrows(CorruptCheckpointException.class, () -> store.loadLatest(m));
            assertFalse(Files.exists(dir.resolve(".latest.tmp")));
        }
    }
}
