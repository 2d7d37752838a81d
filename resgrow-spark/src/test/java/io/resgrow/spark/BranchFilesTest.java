package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.checkpoint.CorruptCheckpointException;
import io.resgrow.core.network.Architecture;
import io.resgrow.strategies.partitioned.BranchSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A branch's outcome on shared storage: written atomically, and never loaded when damaged. */
class BranchFilesTest {

    private static final String ARCHITECTURE =
            "{\"family\":\"monolith\",\"grown\":0,\"settings\":{\"hidden\":8,\"classes\":4,\"depth\":10}}";

    private static BranchTask task(int branch, long seed) {
        BranchSpec spec =
                new BranchSpec(branch, 2, 100, 9, true, true, false, 4, 3, 0.1, 0.1, new double[] {0.5}, 32, 0.9, 5e-4);
        return new BranchTask(
                spec,
                4,
                ARCHITECTURE,
                new long[] {1, 12, 12},
                seed,
                64,
                1,
                0,
                new byte[] {1, 2, 3},
                PartitionedRuns.DATA,
                0,
                null);
    }

    private static BranchOutcome outcome() {
        return new BranchOutcome(
                1,
                new byte[] {7, 8, 9},
                "{}",
                "[]",
                "host",
                "1",
                42,
                2,
                0.5,
                3.0,
                4.0,
                1,
                BranchOutcome.RESUMED,
                2,
                "");
    }

    @Test
    void anOutcomeIsReadBackAsWrittenAndItsDirectoryNamesTheTask(@TempDir Path root) {
        BranchTask t = task(1, 5);
        Path dir = BranchFiles.dir(root, t);
        assertTrue(dir.getFileName().toString().startsWith("branch-1-"), dir.toString());
        // another seed, another task: another directory; the directory itself is not part of the task
        assertNotEquals(dir, BranchFiles.dir(root, task(1, 6)));
        assertEquals(BranchFiles.fingerprint(t), BranchFiles.fingerprint(t.withCheckpoints(dir.toString())));
        String fp = BranchFiles.fingerprint(t);
        assertEquals(Optional.empty(), BranchFiles.read(dir, fp));
        BranchFiles.write(dir, fp, outcome());
        BranchOutcome back = BranchFiles.read(dir, fp).orElseThrow();
        assertArrayEquals(outcome().params(), back.params());
        assertEquals(BranchOutcome.RESUMED, back.origin());
        // no temporary file is left behind
        assertEquals(1, dir.toFile().list().length);
    }

    @Test
    void theFingerprintDoesNotDependOnTheOrderOfTheArchitecturesSettings() {
        // Map.copyOf's order changes from JVM to JVM: a restarted driver wrote the settings in another order
        BranchTask t = task(1, 5);
        String reordered =
                "{\"family\":\"monolith\",\"grown\":0,\"settings\":{\"depth\":10,\"classes\":4,\"hidden\":8}}";
        assertEquals(BranchFiles.fingerprint(t), BranchFiles.fingerprint(t.with(reordered, null)));
        String other = "{\"family\":\"monolith\",\"grown\":0,\"settings\":{\"depth\":10,\"classes\":4,\"hidden\":9}}";
        assertNotEquals(BranchFiles.fingerprint(t), BranchFiles.fingerprint(t.with(other, null)));
    }

    /** Prints the fingerprint of a task whose architecture this JVM wrote (run in another JVM). */
    static final class OtherJvm {
        public static void main(String[] args) {
            System.out.print(BranchFiles.fingerprint(task(1, 5).with(architecture(), null)));
        }
    }

    private static String architecture() {
        return Json.of(new Architecture(
                "monolith",
                0,
                Map.of("branches", 2, "depth", 10, "widen", 1, "hidden", 8, "classes", 4, "inputChannels", 1)));
    }

    @Test
    void aRestartedDriverComputesTheSameFingerprint() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classPath,
                        OtherJvm.class.getName())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals(BranchFiles.fingerprint(task(1, 5).with(architecture(), null)), out);
    }

    @Test
    void aTruncatedOutcomeIsRefused(@TempDir Path dir) throws IOException {
        String fp = BranchFiles.fingerprint(task(1, 5));
        BranchFiles.write(dir, fp, outcome());
        Path file = dir.resolve(BranchFiles.OUTCOME);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 10));
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> BranchFiles.read(dir, fp));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        assertTrue(e.getMessage().contains("trained again from its newest valid checkpoint"), e.getMessage());
        Files.write(file, new byte[0]);
        assertTrue(assertThrows(CorruptCheckpointException.class, () -> BranchFiles.read(dir, fp))
                .fault()
                .contains("no outcome header (0 bytes)"));
    }

    @Test
    void aFlippedByteOrAnotherTasksOutcomeIsRefused(@TempDir Path dir) throws IOException {
        String fp = BranchFiles.fingerprint(task(1, 5));
        BranchFiles.write(dir, fp, outcome());
        Path file = dir.resolve(BranchFiles.OUTCOME);
        byte[] all = Files.readAllBytes(file);
        all[all.length - 5] ^= 1;
        Files.write(file, all);
        assertThrows(CorruptCheckpointException.class, () -> BranchFiles.read(dir, fp));
        BranchFiles.write(dir, fp, outcome());
        String other = BranchFiles.fingerprint(task(2, 5));
        CorruptCheckpointException e =
                assertThrows(CorruptCheckpointException.class, () -> BranchFiles.read(dir, other));
        assertTrue(e.fault().contains("written for another task"), e.fault());
    }
}
