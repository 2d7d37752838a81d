package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.cli.IntraOpThreads;
import io.resgrow.strategies.partitioned.BranchRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real fault from outside: both executor JVMs of a {@code local-cluster} are killed with SIGKILL
 * while they train their branches; Spark relaunches them and retries the tasks, which continue
 * each branch from its checkpoint on the shared directory, and the run ends with the parameters
 * of a run that was never interrupted.
 */
@Tag("slow")
class SparkBranchRunnerKillTest {

    private static final int BRANCH_EPOCHS = 8;

    @Test
    void killedExecutorsBranchesResumeFromTheirCheckpointsBitForBit(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        // the executors get the reference's thread count (another test of this JVM may have changed it)
        int threads = IntraOpThreads.current();
        String straight = PartitionedRuns.run(BranchRunner.IN_PROCESS, BRANCH_EPOCHS, 1)
                .fit()
                .paramsSha256();
        double straightSeconds = (System.nanoTime() - t0) / 1e9;
        ExecutorService driver = Executors.newSingleThreadExecutor();
        try (JavaSparkContext sc = SparkTesting.start("local-cluster[2,1,1024]")) {
            Future<TrainingReport> run = driver.submit(() -> PartitionedRuns.run(
                            SparkBranchRunner.on(sc, PartitionedRuns.DATA).threads(threads), BRANCH_EPOCHS, 1)
                    .checkpoints(dir.resolve("ckpt"))
                    .report(dir.resolve("report"))
                    .fit());
            Path first = awaitFirstBranchCheckpoint(dir.resolve("ckpt"), run);
            List<ProcessHandle> executors = ProcessHandle.current()
                    .descendants()
                    .filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend"))
                    .toList();
            assertEquals(
                    2,
                    executors.size(),
                    () -> "executor JVMs among "
                            + ProcessHandle.current()
                                    .descendants()
                                    .map(p -> p.pid() + " "
                                            + commandLine(p)
                                                    .substring(
                                                            0,
                                                            Math.min(
                                                                    300,
                                                                    commandLine(p)
                                                                            .length())))
                                    .toList()
                            + " children of " + ProcessHandle.current().pid());
            List<Long> killed = executors.stream().map(ProcessHandle::pid).toList();
            // on Linux destroyForcibly is SIGKILL: no shutdown hook, no last write
            executors.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : executors) {
                p.onExit().get(10, TimeUnit.SECONDS);
            }
            long killedAt = System.nanoTime();
            TrainingReport report = run.get(150, TimeUnit.SECONDS);
            double after = (System.nanoTime() - killedAt) / 1e9;
            assertEquals(straight, report.paramsSha256());
            List<RunEvent> resumed = SparkBranchRunnerResumeTest.events(report, "branch-resumed");
            assertFalse(resumed.isEmpty(), report.events().toString());
            for (RunEvent e : resumed) {
                int epoch = ((Number) e.data().get("epoch")).intValue();
                assertTrue(epoch >= 1 && epoch < BRANCH_EPOCHS, e.toString());
                assertTrue(((Number) e.data().get("attempt")).intValue() >= 1, e.toString());
                assertFalse(killed.contains(((Number) e.data().get("pid")).longValue()), e.toString());
            }
            String json = Files.readString(dir.resolve("report").resolve("report.json"));
            assertTrue(json.contains("branch-resumed"), "report.json");
            System.out.printf(
                    "first checkpoint %s; killed %s; %s; run ended %.1f s after the kill (straight run %.1f s)%n",
                    first, killed, resumed, after, straightSeconds);
            System.out.println(SparkBranchRunnerResumeTest.events(report, "branch-elsewhere"));
        } finally {
            driver.shutdownNow();
        }
    }

    /**
     * A process's command line from /proc (ProcessHandle's stops after a few kilobytes, before the
     * class name that follows an executor's long class path), else ProcessHandle's.
     */
    private static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")));
        } catch (IOException e) {
            return p.info().commandLine().orElse("");
        }
    }

    /** Waits until some branch has written its first epoch's checkpoint, failing if the run ends first. */
    private static Path awaitFirstBranchCheckpoint(Path ckpt, Future<?> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Optional<Path> found = firstCheckpoint(ckpt.resolve(BranchFiles.ROOT));
            if (found.isPresent()) {
                return found.get();
            }
            if (run.isDone()) {
                run.get();
                fail("the run ended before any branch checkpoint appeared");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no branch checkpoint within 90 s in " + ckpt);
    }

    private static Optional<Path> firstCheckpoint(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.walk(root, 2)) {
            return s.filter(p -> p.getFileName().toString().startsWith("ckpt-")).findFirst();
        }
    }
}
