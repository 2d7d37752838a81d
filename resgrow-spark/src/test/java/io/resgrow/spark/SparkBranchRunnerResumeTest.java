package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.strategies.partitioned.BranchRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver restarted with resume does not train finished branches again: their outcomes on the
 * checkpoint directory are loaded (or, past stage 1, the driver's own checkpoint replays them), a
 * corrupt outcome is never loaded, and the result is the one-process run's, bit for bit.
 */
class SparkBranchRunnerResumeTest {

    private static String inProcess;

    @BeforeAll
    static void referenceRun() {
        inProcess = PartitionedRuns.run(BranchRunner.IN_PROCESS).fit().paramsSha256();
    }

    @Test
    void aResumedDriverLoadsFinishedBranchesAndReplaysPastStageOne(@TempDir Path dir) throws IOException {
        try (JavaSparkContext sc = SparkTesting.start("local[1]")) {
            TrainingReport first = PartitionedRuns.run(SparkBranchRunner.on(sc, PartitionedRuns.DATA))
                    .checkpoints(dir)
                    .fit();
            assertEquals(inProcess, first.paramsSha256());
            for (RunEvent e : events(first, "branch-elsewhere")) {
                assertEquals(BranchOutcome.TRAINED, e.data().get("origin"), e.toString());
            }
            assertEquals(2, outcomes(dir).size());
            // the driver died at the end of stage 1, before its own first checkpoint
            dropDriverCheckpoints(dir);
            TrainingReport resumed = PartitionedRuns.run(SparkBranchRunner.on(sc, PartitionedRuns.DATA))
                    .checkpoints(dir)
                    .resume(true)
                    .fit();
            assertEquals(inProcess, resumed.paramsSha256());
            List<RunEvent> reused = events(resumed, "branch-reused");
            assertEquals(2, reused.size(), resumed.events().toString());
            for (RunEvent e : events(resumed, "branch-elsewhere")) {
                assertEquals(BranchOutcome.REUSED, e.data().get("origin"), e.toString());
                assertEquals(0.0, ((Number) e.data().get("trainSeconds")).doubleValue(), e.toString());
            }
            assertEquals(0, events(resumed, "branch-resumed").size());
        }
        // the driver's checkpoints are past stage 1 now: a resume replays it without Spark at all
        JavaSparkContext stopped = SparkTesting.start("local[1]");
        SparkBranchRunner runner = SparkBranchRunner.on(stopped, PartitionedRuns.DATA);
        stopped.close();
        TrainingReport replayed =
                PartitionedRuns.run(runner).checkpoints(dir).resume(true).fit();
        assertEquals(inProcess, replayed.paramsSha256());
        List<RunEvent> resumes = events(replayed, "resume");
        RunEvent resume = resumes.get(resumes.size() - 1);
        assertEquals(true, resume.data().get("found"), resume.toString());
        assertTrue(((Number) resume.data().get("phase")).intValue() >= 3, resume.toString());
    }

    @Test
    void aCorruptOutcomeIsNeverLoadedTheBranchContinuesFromItsLastCheckpoint(@TempDir Path dir) throws IOException {
        try (JavaSparkContext sc = SparkTesting.start("local[1]")) {
            PartitionedRuns.run(SparkBranchRunner.on(sc, PartitionedRuns.DATA))
                    .checkpoints(dir)
                    .fit();
            Path one = outcomes(dir).get(0);
            assertTrue(one.getParent().getFileName().toString().startsWith("branch-1-"), one.toString());
            byte[] bytes = Files.readAllBytes(one);
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(one, bytes);
            dropDriverCheckpoints(dir);
            TrainingReport resumed = PartitionedRuns.run(SparkBranchRunner.on(sc, PartitionedRuns.DATA))
                    .checkpoints(dir)
                    .resume(true)
                    .fit();
            assertEquals(inProcess, resumed.paramsSha256());
            RunEvent refused = events(resumed, "branch-outcome-refused").get(0);
            assertEquals(1, refused.data().get("branch"));
            assertTrue(refused.detail().contains("outcome.bin: its SHA-256 is"), refused.detail());
            // branch 1 went back to its own last checkpoint (after its 2 epochs): nothing to train
            RunEvent resumedOne = events(resumed, "branch-resumed").get(0);
            assertEquals(1, resumedOne.data().get("branch"));
            assertEquals(2, resumedOne.data().get("epoch"));
            List<RunEvent> reused = events(resumed, "branch-reused");
            assertEquals(1, reused.size());
            assertEquals(2, reused.get(0).data().get("branch"));
            // and wrote a valid outcome again
            assertEquals(1, outcomes(dir).stream().filter(p -> p.equals(one)).count());
            assertTrue(BranchFiles.read(one.getParent(), fingerprintOf(one)).isPresent());
            // a run that does not resume trains every branch afresh
            TrainingReport fresh = PartitionedRuns.run(SparkBranchRunner.on(sc, PartitionedRuns.DATA))
                    .checkpoints(dir)
                    .fit();
            assertEquals(inProcess, fresh.paramsSha256());
            assertEquals(1, events(fresh, "branch-checkpoints-cleared").size());
            for (RunEvent e : events(fresh, "branch-elsewhere")) {
                assertEquals(BranchOutcome.TRAINED, e.data().get("origin"), e.toString());
            }
        }
    }

    /** The fingerprint written in an outcome's header. */
    private static String fingerprintOf(Path outcome) throws IOException {
        String header = new String(Files.readAllBytes(outcome), 0, 200, StandardCharsets.US_ASCII);
        return header.split(" ")[2];
    }

    private static List<Path> outcomes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve(BranchFiles.ROOT))) {
            return s.filter(p -> p.getFileName().toString().equals(BranchFiles.OUTCOME))
                    .sorted()
                    .toList();
        }
    }

    private static void dropDriverCheckpoints(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path ckpt : s.filter(p -> p.getFileName().toString().startsWith("ckpt-"))
                    .toList()) {
                try (Stream<Path> t = Files.walk(ckpt)) {
                    for (Path p : t.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    static List<RunEvent> events(TrainingReport report, String type) {
        return report.events().stream().filter(e -> type.equals(e.type())).toList();
    }
}
