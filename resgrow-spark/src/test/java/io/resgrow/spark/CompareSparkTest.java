package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.testing.Captured;
import io.resgrow.examples.cli.IntraOpThreads;
import io.resgrow.examples.cli.ResgrowCli;
import io.resgrow.examples.report.ReportFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resgrow compare --spark local-cluster[2,1,1024]}: every run is a task on one of two
 * executor JVMs, and each trains the network the same compare trains in one process, bit for bit.
 */
class CompareSparkTest {

    private static final Pattern WHERE = Pattern.compile(": trained on .* \\(pid (\\d+)\\) in ");

    private static String[] compare(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "compare",
                "--strategies",
                "plain,multilevel",
                "--out",
                out.toString(),
                "--data",
                "synthetic",
                "--train-limit",
                "120",
                "--epochs",
                "3",
                "--seeds",
                "1,2",
                "--blocks",
                "4,4,4",
                "--widths",
                "4,4,4",
                "--threads",
                "1"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void runsOnExecutorsEqualTheRunsOfOneProcess(@TempDir Path dir) {
        Path here = dir.resolve("here");
        // --threads 1 sets libtorch's count for this JVM's later threads too: put it back after
        int before = IntraOpThreads.current();
        Captured.Result local;
        try {
            local = Captured.run(() -> ResgrowCli.execute(compare(here)));
        } finally {
            IntraOpThreads.set(before);
        }
        assertEquals(0, local.code(), local.err());
        Path there = dir.resolve("spark");
        Captured.Result spark = SparkTesting.withSettings(
                () -> Captured.run(() -> ResgrowCli.execute(compare(there, "--spark", "local-cluster[2,1,1024]"))));
        assertEquals(0, spark.code(), spark.err());
        Set<Long> pids = new HashSet<>();
        Matcher m = WHERE.matcher(spark.out());
        while (m.find()) {
            pids.add(Long.parseLong(m.group(1)));
        }
        assertEquals(2, pids.size(), "four runs on the two executors: " + spark.out());
        assertTrue(!pids.contains(ProcessHandle.current().pid()), "none in the driver's JVM");
        for (String s : List.of("plain", "multilevel")) {
            for (String seed : List.of("seed-1", "seed-2")) {
                TrainingReport a = ReportFile.read("here", here.resolve(s).resolve(seed));
                TrainingReport b = ReportFile.read("spark", there.resolve(s).resolve(seed));
                assertEquals(a.paramsSha256(), b.paramsSha256(), s + " " + seed);
                assertEquals(a.testAccuracy(), b.testAccuracy(), s + " " + seed);
            }
        }
        assertNotEquals(
                ReportFile.read("here", here.resolve("plain/seed-1")).paramsSha256(),
                ReportFile.read("here", here.resolve("plain/seed-2")).paramsSha256(),
                "the seeds train different networks");
        assertTrue(Files.isRegularFile(there.resolve("compare.html")));
    }
}
