package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.testing.Captured;
import io.resgrow.datasets.recipe.IdxRecipe;
import io.resgrow.datasets.recipe.SyntheticRecipe;
import io.resgrow.examples.cli.ResgrowCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterErrorsTest {

    @Test
    void aMasterThatDoesNotAnswerIsRefusedBeforeAnyContextStarts() {
        long t0 = System.nanoTime();
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> SparkBranchRunner.start("spark://127.0.0.1:9", null, PartitionedRuns.DATA));
        assertEquals("master", e.parameter());
        assertTrue(e.getMessage().contains("Received: master=spark://127.0.0.1:9"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:9 ("), e.getMessage());
        assertTrue(e.getMessage().contains("start the master"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "took too long");
    }

    @Test
    void aPortThatIsNoNumberIsRefusedTyped() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> SparkBranchRunner.start("spark://127.0.0.1:x7077", null, PartitionedRuns.DATA));
        assertEquals("master", e.parameter());
        assertTrue(e.getMessage().contains("127.0.0.1:x7077 ("), e.getMessage());
    }

    @Test
    void compareNamesAnUnansweringMasterAsItsSparkOption(@TempDir Path dir) {
        Captured.Result r = Captured.run(() -> ResgrowCli.execute(
                "compare",
                "--strategies",
                "plain",
                "--out",
                dir.resolve("cmp").toString(),
                "--data",
                "synthetic",
                "--epochs",
                "3",
                "--spark",
                "spark://127.0.0.1:9"));
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("--spark"), r.err());
        assertTrue(r.err().contains("spark://127.0.0.1:9"), r.err());
        assertTrue(!Files.exists(dir.resolve("cmp").resolve("plain")), "no run started");
    }

    @Test
    void twoTrainingsOnOneExecutorAreRefused() {
        SparkConf conf = new SparkConf().set("spark.task.cpus", "1");
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> SparkClusters.checkOneTrainingPerExecutor("local-cluster[2,2,1024]", conf));
        assertEquals("spark.task.cpus", e.parameter());
        assertTrue(e.getMessage().contains("the executor's cores (2"), e.getMessage());
        assertTrue(e.getMessage().contains("set spark.task.cpus=2"), e.getMessage());
    }

    @Test
    void branchesThatNoExecutorCanScheduleAreRefused() {
        SparkConf conf = new SparkConf().set("spark.task.cpus", "4");
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class, () -> SparkClusters.checkOneTrainingPerExecutor("local[2]", conf));
        assertEquals("spark.task.cpus", e.parameter());
        assertTrue(e.getMessage().contains("never runs"), e.getMessage());
        assertTrue(e.getMessage().contains("set spark.task.cpus=2"), e.getMessage());
    }

    @Test
    void speculativeBranchTasksWithCheckpointsAreRefused() {
        SparkConf conf = new SparkConf().set("spark.speculation", "true");
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> SparkClusters.checkNoSpeculation(conf, true));
        assertEquals("spark.speculation", e.parameter());
        assertTrue(e.getMessage().contains("train the branch twice at once"), e.getMessage());
        assertTrue(e.getMessage().contains("set spark.speculation=false"), e.getMessage());
        // without checkpoints a speculative copy only wastes an executor: allowed as before
        SparkClusters.checkNoSpeculation(conf, false);
        SparkClusters.checkNoSpeculation(new SparkConf(), true);
    }

    /** Data the driver reads but a task cannot (a path that exists only on the driver's machine). */
    record DriverOnly(String path) implements DataRecipe {
        @Override
        public Made make() {
            if (TaskContext.get() != null) {
                throw new InvalidSettingException("dir", path, "a readable directory", "copy it here");
            }
            return PartitionedRuns.DATA.make();
        }

        @Override
        public String describe() {
            return path;
        }
    }

    @Test
    void dataAnExecutorCannotReadIsRefusedNamingTheExecutor() {
        try (JavaSparkContext sc = SparkTesting.start("local[1]")) {
            InvalidSettingException e = assertThrows(
                    InvalidSettingException.class,
                    () -> SparkClusters.checkData(sc, new DriverOnly("/data/only-here"), 1));
            assertEquals("data", e.parameter());
            assertTrue(e.getMessage().contains("Received: data=/data/only-here"), e.getMessage());
            assertTrue(e.getMessage().contains("executor driver: Invalid value for 'dir'"), e.getMessage());
            assertTrue(e.getMessage().contains("same path on every machine"), e.getMessage());
            // a recipe of a directory that does not exist fails the same way
            DataRecipe missing = new IdxRecipe("/nonexistent/fashion-mnist", 0, 0.1, 1, false);
            InvalidSettingException idx =
                    assertThrows(InvalidSettingException.class, () -> SparkClusters.checkData(sc, missing, 1));
            assertTrue(idx.getMessage().contains("/nonexistent/fashion-mnist"), idx.getMessage());
            // and a run whose own data is not the runner's recipe is refused before training
            DataRecipe other = new SyntheticRecipe(400, 4, 1, 12, 40, 11, 0.1, true);
            InvalidSettingException mismatch = assertThrows(
                    InvalidSettingException.class,
                    () -> PartitionedRuns.run(SparkBranchRunner.on(sc, other)).fit());
            assertEquals("data", mismatch.parameter());
            assertTrue(mismatch.getMessage().contains("the run has 432 training"), mismatch.getMessage());
        }
    }
}
