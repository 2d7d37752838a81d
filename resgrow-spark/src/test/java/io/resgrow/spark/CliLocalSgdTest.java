package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured;
import io.resgrow.examples.cli.ResgrowCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resgrow train plain|multilevel --spark MASTER}: local SGD from the command line, its
 * report, and a driver killed with SIGKILL that {@code --resume} continues to the parameters of a run
 * that never stopped.
 */
class CliLocalSgdTest {

    private static final Pattern HASH = Pattern.compile("params_sha256=([0-9a-f]{64})");

    private static final String[] PLAIN = {
        "train", "plain", "--data", "synthetic", "--train-limit", "400", "--widths", "4,8,8", "--blocks", "1,1,1",
        "--epochs", "4", "--seed", "3", "--spark", "local[1]", "--workers", "2", "--local-steps", "3"
    };

    private static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static String hash(Captured.Result r) {
        assertEquals(0, r.code(), r.err());
        Matcher m = HASH.matcher(r.out());
        assertTrue(m.find(), r.out());
        return m.group(1);
    }

    @Test
    void aKilledDriverResumesToTheParametersOfARunThatNeverStopped(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        Captured.Result whole = Captured.run(() -> ResgrowCli.execute(with(PLAIN, "--report", report.toString())));
        String uninterrupted = hash(whole);
        assertTrue(whole.out().contains("as local SGD on local[1]: 2 workers, 3 steps per round"), whole.out());
        String json = Files.readString(report.resolve("report.json"));
        assertEquals(4, json.split("\"local-sgd\"", -1).length - 1, "four local-sgd epochs in report.json");
        assertTrue(json.contains("\"stepsPerRound\": \"3\""), json);

        Path ckpt = dir.resolve("ckpt");
        Process driver = Drivers.start(dir.resolve("driver.err"), with(PLAIN, "--checkpoint-dir", ckpt.toString()));
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (checkpoints(ckpt) == 0 && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(
                driver.isAlive(),
                "the driver ended before its first checkpoint could be seen: "
                        + Files.readString(dir.resolve("driver.err")));
        driver.destroyForcibly(); // SIGKILL
        driver.waitFor();
        assertNotEquals(0, driver.exitValue());
        assertTrue(checkpoints(ckpt) >= 1);

        Captured.Result resumed =
                Captured.run(() -> ResgrowCli.execute(with(PLAIN, "--checkpoint-dir", ckpt.toString(), "--resume")));
        assertEquals(uninterrupted, hash(resumed), "the resumed run ends where the uninterrupted one did");
        assertTrue(!resumed.out().contains("epoch   1 "), "epoch 1 is not trained again:\n" + resumed.out());
    }

    private static final String[] PARTITIONED = {
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
        "1,1,3",
        "--subset",
        "0.5",
        "--seed",
        "3",
        "--spark",
        "local[1]",
        "--local-steps",
        "4"
    };

    /**
     * Partitioned stage 3 as local SGD: its epochs in the run's history, and a driver SIGKILLed in
     * stage 3 that resumes there (stages 1 and 2 from the run's checkpoints, stage 3 from its own)
     * to the parameters of a run that never stopped.
     */
    @Test
    void partitionedFineTunesAsLocalSgdAndAKilledDriverResumesInStageThree(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        Captured.Result whole =
                Captured.run(() -> ResgrowCli.execute(with(PARTITIONED, "--quiet", "--report", report.toString())));
        String uninterrupted = hash(whole);
        String json = Files.readString(report.resolve("report.json"));
        assertEquals(3, json.split("\"fine-tune\"", -1).length - 1, "three fine-tune epochs in report.json");
        assertTrue(json.contains("fine-tune as local SGD (2 workers, 4 steps per round)"), json);

        Path ckpt = dir.resolve("ckpt");
        Process driver =
                Drivers.start(dir.resolve("driver.err"), with(PARTITIONED, "--checkpoint-dir", ckpt.toString()));
        Path stage3 = ckpt.resolve(LocalSgdFineTune.DIR);
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (checkpoints(stage3) == 0 && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(
                driver.isAlive(),
                "the driver ended before stage 3's first checkpoint could be seen: "
                        + Files.readString(dir.resolve("driver.err")));
        driver.destroyForcibly(); // SIGKILL
        driver.waitFor();
        Path again = dir.resolve("again");
        Captured.Result resumed = Captured.run(() -> ResgrowCli.execute(
                with(PARTITIONED, "--checkpoint-dir", ckpt.toString(), "--resume", "--report", again.toString())));
        assertEquals(uninterrupted, hash(resumed), "the resumed run ends where the uninterrupted one did");
        // not a stage 3 trained again from its start (which would end with the same parameters)
        String events = Files.readString(again.resolve("report.json"));
        assertTrue(events.contains("\"fine-tune-resumed\""), events);
    }

    private static long checkpoints(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("ckpt-")).count();
        }
    }

    @Test
    void multilevelGrowsOnTheDriverBetweenItsCycles(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("report");
        Captured.Result r = Captured.run(() -> ResgrowCli.execute(
                "train",
                "multilevel",
                "--data",
                "synthetic",
                "--train-limit",
                "300",
                "--widths",
                "4,8,8",
                "--start-blocks",
                "1,1,1",
                "--cycles",
                "1,1",
                "--seed",
                "3",
                "--quiet",
                "--spark",
                "local[1]",
                "--local-steps",
                "5",
                "--report",
                report.toString()));
        hash(r);
        String json = Files.readString(report.resolve("report.json"));
        assertTrue(json.contains("\"cycle-2\""), json);
        assertTrue(json.contains("interpolated to [2, 2, 2] blocks per stage before stage 2"), json);
    }

    @Test
    void optionsLocalSgdWouldIgnoreAreRefusedBeforeAnyTraining(@TempDir Path dir) {
        Captured.Result lonely = Captured.run(
                () -> ResgrowCli.execute("train", "partitioned", "--data", "synthetic", "--local-steps", "4"));
        assertEquals(2, lonely.code(), lonely.err());
        assertTrue(lonely.err().contains("--local-steps") && lonely.err().contains("--spark MASTER"), lonely.err());
        Captured.Result steps = Captured.run(() -> ResgrowCli.execute(
                "train", "multilevel", "--data", "synthetic", "--cycle-unit", "steps", "--spark", "local[1]"));
        assertEquals(2, steps.code(), steps.err());
        assertTrue(steps.err().contains("--cycle-unit"), steps.err());
        Captured.Result rollbacks = Captured.run(
                () -> ResgrowCli.execute(with(PLAIN, "--checkpoint-dir", dir.toString(), "--rollbacks", "1")));
        assertEquals(2, rollbacks.code(), rollbacks.err());
        assertTrue(rollbacks.err().contains("--rollbacks"), rollbacks.err());
    }
}
