package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured;
import io.resgrow.examples.cli.ResgrowCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code resgrow train partitioned --spark local[1]} with resgrow-spark on the class path. */
class CliSparkTest {

    private static final Pattern HASH = Pattern.compile("params_sha256=([0-9a-f]{64})");

    private static String hash(Captured.Result r) {
        assertEquals(0, r.code(), r.err());
        Matcher m = HASH.matcher(r.out());
        assertTrue(m.find(), r.out());
        return m.group(1);
    }

    private static final String[] SMALL = {
        "train",
        "partitioned",
        "--data",
        "synthetic",
        "--train-limit",
        "400",
        "--branches",
        "2",
        "--widen",
        "1",
        "--stage-epochs",
        "1,1,1",
        "--seed",
        "3",
        "--quiet",
        "--spark",
        "local[1]"
    };

    private static String[] with(String... more) {
        String[] all = Arrays.copyOf(SMALL, SMALL.length + more.length);
        System.arraycopy(more, 0, all, SMALL.length, more.length);
        return all;
    }

    /** Runs the command line in a JVM of its own (another driver process), returning its hash. */
    private static String inAnotherJvm(Path dir, String... args) throws IOException, InterruptedException {
        Path err = dir.resolve("driver-1.err");
        Process p = Drivers.start(err, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> out + readQuietly(err));
        Matcher m = HASH.matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void resumeWithSparkLoadsTheFinishedBranches(@TempDir Path dir) throws IOException, InterruptedException {
        Path ckpt = dir.resolve("ckpt");
        // the first driver is another JVM: the restarted one must find its branches all the same
        String first = inAnotherJvm(dir, with("--checkpoint-dir", ckpt.toString()));
        // the driver's own checkpoints gone (it died at the end of stage 1): the branches' outcomes remain
        try (Stream<Path> s = Files.list(ckpt)) {
            for (Path p : s.filter(q -> q.getFileName().toString().startsWith("ckpt-"))
                    .toList()) {
                try (Stream<Path> t = Files.walk(p)) {
                    for (Path q : t.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            }
        }
        Path report = dir.resolve("report");
        String resumed = hash(Captured.run(() -> ResgrowCli.execute(
                with("--checkpoint-dir", ckpt.toString(), "--resume", "--report", report.toString()))));
        assertEquals(first, resumed);
        String json = Files.readString(report.resolve("report.json"));
        assertEquals(2, json.split("\"branch-reused\"", -1).length - 1, "branch-reused events in report.json");
    }

    @Test
    void sparkOptionTrainsTheSameNetworkAsOneProcess(@TempDir Path dir) throws IOException {
        String[] args = {
            "train",
            "partitioned",
            "--data",
            "synthetic",
            "--train-limit",
            "400",
            "--branches",
            "2",
            "--widen",
            "1",
            "--stage-epochs",
            "1,1,1",
            "--seed",
            "3",
            "--quiet"
        };
        String here = hash(Captured.run(() -> ResgrowCli.execute(args)));
        String[] spark = new String[args.length + 4];
        System.arraycopy(args, 0, spark, 0, args.length);
        spark[args.length] = "--spark";
        spark[args.length + 1] = "local[1]";
        spark[args.length + 2] = "--report";
        spark[args.length + 3] = dir.toString();
        assertEquals(here, hash(Captured.run(() -> ResgrowCli.execute(spark))));
        assertTrue(Files.readString(dir.resolve("report.json")).contains("branch-elsewhere"));
    }
}
