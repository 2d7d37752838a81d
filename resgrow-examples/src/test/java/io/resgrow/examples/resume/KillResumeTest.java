package io.resgrow.examples.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.resgrow.core.checkpoint.CheckpointState;
import io.resgrow.core.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills real {@code resgrow train} processes with SIGKILL at chosen points (right after each
 * checkpoint appears, so at every growth boundary and inside epochs, while the checkpoint is being
 * verified and older ones pruned, and at seeded random moments), resumes with {@code --resume}
 * until the run completes, and compares with an uninterrupted run in a fresh JVM: the same
 * parameters hash and the same report history (wall times aside). {@code -Dresgrow.kills=N} adds
 * N random kills per strategy (the benchmark mode: see resgrow-bench/BENCHMARKS.md); {@code
 * -Dresgrow.strategies=a,b} runs only those strategies.
 */
@Tag("slow")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class KillResumeTest {

    private static final Pattern HASH = Pattern.compile("params_sha256=([0-9a-f]{64})");

    private static List<String> command(String strategy, Path ckpt, Path report) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp",
                classPath(),
                "io.resgrow.examples.cli.ResgrowCli",
                "train",
                "--strategy",
                strategy,
                "--data",
                "synthetic",
                "--train-limit",
                "200",
                "--batch-size",
                "25",
                "--seed",
                "5",
                "--quiet",
                "--checkpoint-every-steps",
                "3",
                "--report",
                report.toString()));
        if (strategy.equals("multilevel")) {
            cmd.addAll(
                    List.of("--widths", "4,8,8", "--start-blocks", "1,1,1", "--cycles", "1,1,2", "--eta-max", "0.1"));
        } else if (strategy.equals("incremental")) {
            // one epoch per stage and per look-ahead: stage-1, lookahead-2, stage-2, lookahead-3, stage-3
            cmd.addAll(List.of(
                    "--widths",
                    "4,8,16",
                    "--blocks",
                    "1,1,1",
                    "--ws",
                    "2",
                    "--max-epochs-per-stage",
                    "1",
                    "--lookahead-epochs",
                    "1",
                    // compare's recipe: the rate depends on the position in each phase
                    "--eta-max",
                    "0.01"));
        } else if (strategy.equals("partitioned")) {
            // subsets of 90 images: 3 steps an epoch per branch; the head and fine-tuning see 180: 7 steps
            cmd.addAll(List.of(
                    "--branches",
                    "2",
                    "--depth",
                    "10",
                    "--widen",
                    "1",
                    "--hidden",
                    "4",
                    "--subset",
                    "0.5",
                    "--stage-epochs",
                    "2,1,1",
                    "--stage-lrs",
                    "0.05,0.01,1e-3",
                    "--no-augment",
                    "--offload"));
        } else if (strategy.equals("modelparallel")) {
            // a Multi-ResNet (3 blocks of 2 functions) on cpu,cpu, grown by multi-level cycles as above
            cmd.addAll(List.of(
                    "--devices",
                    "cpu,cpu",
                    "--inner",
                    "multilevel",
                    "--depth",
                    "8",
                    "--k",
                    "2",
                    "--widen",
                    "1",
                    "--cycles",
                    "1,1,2",
                    "--eta-max",
                    "0.1"));
        } else {
            cmd.addAll(List.of("--widths", "4,8,8", "--blocks", "1,1,1", "--epochs", "3"));
        }
        if (ckpt != null) {
            cmd.addAll(List.of("--checkpoint-dir", ckpt.toString()));
        }
        return cmd;
    }

    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static Process start(List<String> cmd, Path log) throws IOException {
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Runs to the end, returning the printed hash. */
    private static String finish(List<String> cmd, Path log) throws Exception {
        Process p = start(cmd, log);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "run did not finish");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        Matcher m = HASH.matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    /**
     * Starts a run and kills it with SIGKILL once {@code when} holds; fails if the run ended before
     * (then nothing was killed), if it did not die by the signal, or if it left a report.
     */
    private static void killWhen(List<String> cmd, Path log, Path report, Predicate<Long> when) throws Exception {
        Process p = start(cmd, log);
        long t0 = System.nanoTime();
        while (p.isAlive() && !when.test((System.nanoTime() - t0) / 1_000_000)) {
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the run ended before the kill: " + Files.readString(log));
        p.destroyForcibly();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the killed run did not end");
        assertEquals(128 + 9, p.exitValue(), "the run did not die by SIGKILL: " + Files.readString(log));
        assertFalse(Files.exists(report.resolve("report.json")), "a killed run wrote its report");
    }

    /** The newest checkpoint's directory name, or null if there is none. */
    private static String newestCheckpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("ckpt-"))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElse(null);
        }
    }

    /** The newest checkpoint's number, or 0 if there is none. */
    private static int newestNumber(Path dir) {
        try {
            String newest = newestCheckpoint(dir);
            return newest == null ? 0 : Integer.parseInt(newest.substring("ckpt-".length()));
        } catch (IOException | UncheckedIOException e) {
            // a checkpoint pruned while the directory is listed: look again on the next poll
            return 0;
        }
    }

    /**
     * Asserts that every resume continued from the newest checkpoint the kill before it left
     * (checkpoints are renamed into place whole, so that one is complete): the report's resume events
     * in order, one per kill; an empty list means the one kill left no checkpoint, so the one resume
     * started afresh. A resume that restarted from scratch with a checkpoint on disk fails here.
     */
    private static void assertResumedFrom(Path report, List<String> newestAtKills, List<List<Integer>> positions)
            throws IOException {
        JsonObject r = JsonParser.parseString(Files.readString(report.resolve("report.json")))
                .getAsJsonObject();
        List<JsonObject> resumes = new ArrayList<>();
        for (JsonElement e : r.getAsJsonArray("events")) {
            if (e.getAsJsonObject().get("type").getAsString().equals("resume")) {
                resumes.add(e.getAsJsonObject());
            }
        }
        if (newestAtKills.isEmpty()) {
            assertEquals(1, resumes.size(), "one resume event expected: " + resumes);
            assertFalse(resumes.get(0).getAsJsonObject("data").get("found").getAsBoolean(), resumes.toString());
            return;
        }
        assertEquals(newestAtKills.size(), resumes.size(), "one resume event per kill: " + resumes);
        for (int i = 0; i < resumes.size(); i++) {
            JsonObject data = resumes.get(i).getAsJsonObject("data");
            assertTrue(data.get("found").getAsBoolean(), "resume " + i + " found no checkpoint: " + resumes.get(i));
            assertEquals(
                    newestAtKills.get(i),
                    data.get("checkpoint").getAsString(),
                    resumes.get(i).toString());
            assertEquals(
                    positions.get(i),
                    List.of(
                            data.get("phase").getAsInt(),
                            data.get("epoch").getAsInt(),
                            data.get("step").getAsInt()),
                    "resume " + i + " did not continue where the checkpoint's manifest stands: " + resumes.get(i));
        }
    }

    /** The newest checkpoint's position (phase, epoch in it, step in that), read from its manifest. */
    private static List<Integer> positionOf(Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            CheckpointState s =
                    new CheckpointStore(dir, 1000).loadLatest(m).orElseThrow().state();
            return List.of(s.phaseOrdinal(), s.epoch(), s.step());
        }
    }

    /** The report without wall times and the events that only a resumed run has. */
    private static String history(Path report) throws IOException {
        JsonObject r = JsonParser.parseString(Files.readString(report.resolve("report.json")))
                .getAsJsonObject();
        JsonArray epochs = r.getAsJsonArray("epochs");
        for (JsonElement e : epochs) {
            e.getAsJsonObject().remove("seconds");
        }
        List<String> events = new ArrayList<>();
        for (JsonElement e : r.getAsJsonArray("events")) {
            JsonObject o = e.getAsJsonObject();
            String type = o.get("type").getAsString();
            if (!type.equals("resume") && !type.equals("checkpoint-skipped")) {
                events.add(o.get("epoch") + ":" + type);
            }
        }
        return r.get("strategy") + " " + r.get("testAccuracy") + " " + epochs + " " + events;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "multilevel", "incremental", "partitioned", "modelparallel"})
    void aRunKilledAnywhereResumesToTheSameResult(String strategy, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String only = System.getProperty("resgrow.strategies");
        Assumptions.assumeTrue(
                only == null || List.of(only.split(",")).contains(strategy),
                "-Dresgrow.strategies=" + only + " leaves " + strategy + " out");
        Path straightReport = dir.resolve("straight");
        long t0 = System.nanoTime();
        String straight = finish(command(strategy, null, straightReport), dir.resolve("straight.log"));
        // random kills fall inside the run: at most 80% of the time an uninterrupted one takes
        int straightMillis = (int) ((System.nanoTime() - t0) / 1_000_000);
        // 7 steps an epoch (175 images / 25), a checkpoint every 3 steps and at each epoch end:
        // ckpt 3 is epoch 1's end (multilevel: the first growth), ckpt 6 epoch 2's end (the second);
        // incremental: ckpt 3 ends stage 1 (then S2 is inserted), 4 and 5 fall in look-ahead 2, 6 ends it,
        // 9 ends stage 2 (then S3), 10 falls in look-ahead 3
        // partitioned: ckpt 1 ends branch 1's first epoch, 3 is inside branch 2, 4 ends stage 1, 5 is mid-epoch in
        // the head's cached-feature stage, 7 ends stage 2, 8 is mid-epoch in fine-tuning
        int[] checkpoints = switch (strategy) {
            case "incremental" -> new int[] {1, 3, 4, 6, 9, 10};
            case "partitioned" -> new int[] {1, 3, 4, 5, 7, 8};
            default -> new int[] {1, 3, 4, 6};
        };
        // one run killed at each point in turn and resumed after each kill: a resume of a resumed run
        // is killed again, and the last resume must still end where the uninterrupted run ended
        Path ckpt = dir.resolve("ckpt");
        Path report = dir.resolve("report");
        List<String> cmd = command(strategy, ckpt, report);
        List<String> resume = new ArrayList<>(cmd);
        resume.add("--resume");
        List<String> newestAtKills = new ArrayList<>();
        List<List<Integer>> positions = new ArrayList<>();
        for (int k = 0; k < checkpoints.length; k++) {
            // each process checkpoints once at least before its kill, so the chain always moves on
            int floor = newestNumber(ckpt) + 1;
            int at = Math.max(checkpoints[k], floor);
            killWhen(
                    k == 0 ? cmd : resume, dir.resolve("killed-" + k + ".log"), report, ms -> newestNumber(ckpt) >= at);
            newestAtKills.add(newestCheckpoint(ckpt));
            positions.add(positionOf(ckpt));
        }
        String resumed = finish(resume, dir.resolve("resumed.log"));
        assertResumedFrom(report, newestAtKills, positions);
        assertEquals(
                straight,
                resumed,
                strategy + ": the kills changed the parameters; log " + Files.readString(dir.resolve("resumed.log")));
        assertEquals(history(straightReport), history(report), strategy + ": the kills changed the history");
        int kills = checkpoints.length;
        // and fresh runs killed at seeded random moments
        int randomKills = Integer.getInteger("resgrow.kills", 1);
        Random random = new Random(11);
        for (int k = 0; k < randomKills; k++) {
            Path ckptK = dir.resolve("ckpt-random-" + k);
            Path reportK = dir.resolve("report-random-" + k);
            List<String> cmdK = command(strategy, ckptK, reportK);
            killWhen(
                    cmdK,
                    dir.resolve("killed-random-" + k + ".log"),
                    reportK,
                    delay(random.nextInt(Math.max(1, straightMillis * 4 / 5))));
            kills++;
            String newestAtKill = newestCheckpoint(ckptK);
            List<List<Integer>> positionAtKill = newestAtKill == null ? List.of() : List.of(positionOf(ckptK));
            List<String> resumeK = new ArrayList<>(cmdK);
            resumeK.add("--resume");
            String resumedK = finish(resumeK, dir.resolve("resumed-random-" + k + ".log"));
            assertResumedFrom(reportK, newestAtKill == null ? List.of() : List.of(newestAtKill), positionAtKill);
            assertEquals(
                    straight,
                    resumedK,
                    strategy + ": random kill " + k + " changed the parameters; log "
                            + Files.readString(dir.resolve("resumed-random-" + k + ".log")));
            assertEquals(
                    history(straightReport),
                    history(reportK),
                    strategy + ": random kill " + k + " changed the history");
        }
        System.out.println("kill-resume " + strategy + ": " + kills + " kills survived");
    }

    private static Predicate<Long> delay(int ms) {
        return elapsed -> elapsed >= ms;
    }
}
