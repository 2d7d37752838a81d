package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.cluster.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SparkJobRunner} on {@code local[1]}: results in the jobs' order, the output directory checked. */
class SparkJobRunnerTest {

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTesting.start("local[1]");
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    @Test
    void resultsComeBackInTheJobsOrder() {
        List<Job<Integer>> jobs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            int n = i;
            jobs.add(() -> n * n);
        }
        assertEquals(List.of(0, 1, 4, 9, 16, 25, 36), SparkJobRunner.on(sc).runAll(jobs));
        assertEquals(List.of(), SparkJobRunner.on(sc).runAll(List.<Job<Integer>>of()));
    }

    @Test
    void aDirectoryAnExecutorCannotWriteIsRefusedWithTheCallersName(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class, () -> SparkJobRunner.on(sc).checkWritable("--out", file.resolve("cmp")));
        assertTrue(e.getMessage().contains("--out"), e.getMessage());
        assertTrue(e.getMessage().contains("executor driver"), e.getMessage());
        assertTrue(e.getMessage().contains("storage that every machine mounts"), e.getMessage());
        SparkJobRunner.on(sc).checkWritable("--out", dir.resolve("cmp"));
        assertTrue(Files.isDirectory(dir.resolve("cmp")));
        try (var left = Files.list(dir.resolve("cmp"))) {
            assertEquals(0, left.count(), "the check's file is gone");
        }
    }
}
