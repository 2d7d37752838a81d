package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.cli.IntraOpThreads;
import io.resgrow.strategies.partitioned.BranchRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkBranchRunnerTest {

    /** The same run with stage 1 in this process: the reference. */
    private static TrainingReport inProcess;

    /** libtorch's thread count of the reference (another test of this JVM may have changed it). */
    private static int threads;

    @BeforeAll
    static void referenceRun() {
        threads = IntraOpThreads.current();
        inProcess = PartitionedRuns.run(BranchRunner.IN_PROCESS).fit();
    }

    @Test
    void branchesAsLocalTasksGiveTheOneProcessRunBitForBit(@TempDir Path dir) throws IOException {
        TrainingReport spark;
        try (JavaSparkContext sc = SparkTesting.start("local[1]")) {
            spark = PartitionedRuns.run(SparkBranchRunner.on(sc, PartitionedRuns.DATA))
                    .report(dir)
                    .fit();
        }
        assertEquals(inProcess.paramsSha256(), spark.paramsSha256());
        assertEquals(inProcess.epochs().size(), spark.epochs().size());
        for (int i = 0; i < spark.epochs().size(); i++) {
            assertEquals(
                    inProcess.epochs().get(i).trainLoss(), spark.epochs().get(i).trainLoss(), 0.0);
            assertEquals(
                    inProcess.epochs().get(i).validationAccuracy(),
                    spark.epochs().get(i).validationAccuracy());
            assertEquals(
                    inProcess.epochs().get(i).epochShare(),
                    spark.epochs().get(i).epochShare());
        }
        assertEquals(0.5, spark.epochs().get(0).epochShare(), "a branch trained elsewhere is one of two");
        List<RunEvent> branches = events(spark, "branch-elsewhere");
        assertEquals(2, branches.size());
        for (RunEvent e : branches) {
            assertEquals("driver", e.data().get("executor"));
            assertTrue(((Number) e.data().get("trainSeconds")).doubleValue() > 0, e.toString());
        }
        assertEquals(1, events(spark, "stage1-elsewhere").size());
        String json = Files.readString(dir.resolve("report.json"));
        assertTrue(json.contains("branch-elsewhere") && json.contains("trainSeconds"), "report.json");
    }

    @Test
    void branchesOnTwoExecutorJvmsGiveTheOneProcessRunBitForBit() {
        TrainingReport spark;
        try (JavaSparkContext sc = SparkTesting.start("local-cluster[2,1,1024]")) {
            // the executors' libtorch gets as many threads as the reference had
            spark = PartitionedRuns.run(
                            SparkBranchRunner.on(sc, PartitionedRuns.DATA).threads(threads))
                    .fit();
        }
        assertEquals(inProcess.paramsSha256(), spark.paramsSha256());
        List<RunEvent> branches = events(spark, "branch-elsewhere");
        assertEquals(2, branches.size());
        long self = ProcessHandle.current().pid();
        for (RunEvent e : branches) {
            assertNotEquals(self, ((Number) e.data().get("pid")).longValue(), e.toString());
            assertNotEquals("driver", e.data().get("executor"));
            assertEquals(threads, ((Number) e.data().get("threads")).intValue());
        }
        System.out.println(branches);
        System.out.println(events(spark, "stage1-elsewhere"));
    }

    private static List<RunEvent> events(TrainingReport report, String type) {
        return report.events().stream().filter(e -> type.equals(e.type())).toList();
    }
}
