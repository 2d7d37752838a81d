package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.resgrow.core.testing.Captured.Result;
import io.resgrow.examples.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: a ResNet trained on synthetic data through {@code resgrow train}. */
class TrainCommandTest {

    @Test
    void trainsOnSyntheticDataAboveNinetyPercentAndWritesTheReport(@TempDir Path dir) throws IOException {
        Result r = run(
                "train",
                "--data",
                "synthetic",
                "--epochs",
                "3",
                "--blocks",
                "1,1,1",
                "--widths",
                "8,16,32",
                "--batch-size",
                "64",
                "--quiet",
                "--report",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile(
                        "test_accuracy=([0-9.]+) seconds=([0-9.]+) params_sha256=([0-9a-f]{64}) peak_rss_mib=([0-9]+)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0.9, "accuracy " + m.group(1));
        assertTrue(Long.parseLong(m.group(4)) > 50, "a JVM with libtorch peaks above 50 MiB: " + r.out());
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json")))
                .getAsJsonObject();
        assertEquals("plain(3 epochs)", report.get("strategy").getAsString());
        assertEquals(3, report.getAsJsonArray("epochs").size());
        assertEquals(Double.parseDouble(m.group(1)), report.get("testAccuracy").getAsDouble(), 1e-4);
    }

    @Test
    void threadsReachLibtorchOnTheTrainingThreadAndTheNextRunWithoutThemGetsTheDefaultBack() {
        Engine.getEngine("PyTorch");
        int before = JniUtils.getNumThreads();
        int asked = IntraOpThreads.byDefault() == 1 ? 2 : 1;
        Assumptions.assumeTrue(asked <= Runtime.getRuntime().availableProcessors(), "needs 2 processors");
        String[] tiny = {
            "train",
            "--data",
            "synthetic",
            "--train-limit",
            "100",
            "--epochs",
            "1",
            "--blocks",
            "1,1,1",
            "--widths",
            "4,8,16",
            "--quiet"
        };
        try {
            Result r = run(concat(tiny, "--threads", Integer.toString(asked)));
            assertEquals(0, r.code(), r.err());
            // libtorch's own count on this thread, the one that trained
            assertEquals(asked, JniUtils.getNumThreads());
            assertTrue(r.out().contains(", " + asked + " threads,"), r.out());
            // as compare runs one train after another in one JVM: no count carried over
            r = run(tiny);
            assertEquals(0, r.code(), r.err());
            assertEquals(IntraOpThreads.byDefault(), JniUtils.getNumThreads());
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void multilevelMarksEveryInterpolationInTheReport(@TempDir Path dir) throws IOException {
        Result r = run(
                "train",
                "--strategy",
                "multilevel",
                "--data",
                "synthetic",
                "--cycles",
                "1,1",
                "--start-blocks",
                "1,1,1",
                "--widths",
                "8,16,32",
                "--eta-max",
                "0.1",
                "--quiet",
                "--report",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test_accuracy="), r.out());
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json")))
                .getAsJsonObject();
        assertEquals(
                "multilevel(cycles [1, 1], eta 0.1..0.001, batch 100 unless the run sets batchSize, sgd momentum 0.9, wd 2.0E-4 unless the run sets optimizer)",
                report.get("strategy").getAsString());
        var grow = report.getAsJsonArray("events").asList().stream()
                .map(e -> e.getAsJsonObject())
                .filter(e -> e.get("type").getAsString().equals("interpolate"))
                .toList();
        assertEquals(1, grow.size());
        assertEquals(
                "[2,2,2]",
                grow.get(0)
                        .getAsJsonObject("data")
                        .get("blocksAfter")
                        .toString()
                        .replace(".0", ""));
        assertEquals(0.5, grow.get(0).getAsJsonObject("data").get("hAfter").getAsDouble());
        var epochs = report.getAsJsonArray("epochs");
        assertTrue(epochs.get(1).getAsJsonObject().get("parameters").getAsLong()
                > epochs.get(0).getAsJsonObject().get("parameters").getAsLong());
    }

    @Test
    void partitionedPrintsItsStageTableBeforeTheResultLine(@TempDir Path dir) throws IOException {
        Result r = run(
                "train",
                "--strategy",
                "partitioned",
                "--data",
                "synthetic",
                "--train-limit",
                "200",
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
                "1,1,1",
                "--batch-size",
                "25",
                "--no-augment",
                "--quiet",
                "--report",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("device cpu, "), r.out());
        String out = r.out().substring(r.out().indexOf('\n') + 1); // after the header, which names the stages too
        assertTrue(
                out.indexOf("branch 2") > 0
                        && out.indexOf("head") > out.indexOf("branch 2")
                        && out.indexOf("test_accuracy=") > out.indexOf("test accuracy"),
                out);
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json")))
                .getAsJsonObject();
        var stages = report.getAsJsonArray("events").asList().stream()
                .map(e -> e.getAsJsonObject())
                .filter(e -> e.get("type").getAsString().equals("partitioned-stage"))
                .map(e -> e.get("detail").getAsString())
                .toList();
        assertEquals(4, stages.size(), stages.toString());
        assertTrue(stages.get(2).endsWith("features cached"), stages.toString());
    }

    @Test
    void modelParallelIncrementalPlacesEverySubNetworkOfAGrowingMultiResidualResNet(@TempDir Path dir)
            throws IOException {
        Result r = run(
                "train",
                "--strategy",
                "modelparallel",
                "--devices",
                "cpu,cpu",
                "--inner",
                "incremental",
                "--placement",
                "round-robin",
                "--k",
                "2",
                "--blocks",
                "1,1,1",
                "--widths",
                "4,8,16",
                "--ws",
                "2",
                "--max-epochs-per-stage",
                "1",
                "--lookahead-epochs",
                "1",
                "--lr",
                "1e-3",
                "--data",
                "synthetic",
                "--train-limit",
                "200",
                "--quiet",
                "--report",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json")))
                .getAsJsonObject();
        assertTrue(
                report.get("strategy").getAsString().startsWith("modelparallel(cpu,cpu, roundRobin; incremental"),
                report.get("strategy").getAsString());
        var events = report.getAsJsonArray("events").asList().stream()
                .map(e -> e.getAsJsonObject())
                .toList();
        long phases = events.stream()
                .filter(e -> e.get("type").getAsString().equals("phase-start"))
                .count();
        var placements = events.stream()
                .filter(e -> e.get("type").getAsString().equals("placement"))
                .toList();
        assertTrue(phases >= 3, "three sub-networks at least: " + phases);
        assertEquals(phases, placements.size(), "a placement before every phase");
        // the last placement covers all three blocks: function i of each on slot i
        var functions =
                placements.get(placements.size() - 1).getAsJsonObject("data").getAsJsonArray("functions");
        assertEquals(6, functions.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(i % 2, functions.get(i).getAsJsonObject().get("slot").getAsInt(), functions.toString());
        }
    }

    @Test
    void modelParallelPartitionedPlacesTheBranchesOfMonolithNet(@TempDir Path dir) throws IOException {
        Result r = run(
                "train",
                "--strategy",
                "modelparallel",
                "--devices",
                "cpu,cpu",
                "--inner",
                "partitioned",
                "--placement",
                "1,0",
                "--branches",
                "2",
                "--depth",
                "10",
                "--widen",
                "1",
                "--hidden",
                "4",
                "--stage-epochs",
                "1,1,1",
                "--stage-lrs",
                "0.05,0.01,1e-3",
                "--no-augment",
                "--data",
                "synthetic",
                "--train-limit",
                "200",
                "--quiet",
                "--report",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("placement: 2 functions placed explicit"), r.out());
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json")))
                .getAsJsonObject();
        assertTrue(
                report.get("strategy").getAsString().startsWith("modelparallel(cpu,cpu, explicit"),
                report.get("strategy").getAsString());
        var placements = report.getAsJsonArray("events").asList().stream()
                .map(e -> e.getAsJsonObject())
                .filter(e -> e.get("type").getAsString().equals("placement"))
                .toList();
        // one placement per phase: two branches, the head, fine-tuning
        assertEquals(4, placements.size());
        var functions = placements.get(3).getAsJsonObject("data").getAsJsonArray("functions");
        assertEquals(1, functions.get(0).getAsJsonObject().get("slot").getAsInt());
        assertEquals(0, functions.get(1).getAsJsonObject().get("slot").getAsInt());
    }

    @Test
    void modelParallelMultiLevelPlacesEveryGrownNetworkAndSaysWhere(@TempDir Path dir) throws IOException {
        Result r = run(
                "train",
                "--strategy",
                "modelparallel",
                "--devices",
                "cpu,cpu",
                "--inner",
                "multilevel",
                "--arch",
                "multires",
                "--depth",
                "8",
                "--k",
                "3",
                "--widen",
                "1",
                "--data",
                "synthetic",
                "--train-limit",
                "200",
                "--cycles",
                "1,1",
                "--batch-size",
                "50",
                "--eta-max",
                "0.1",
                "--quiet",
                "--report",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("placement: 18 functions placed balanced on [cpu()#0, cpu()#1]"), r.out());
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json")))
                .getAsJsonObject();
        assertTrue(
                report.get("strategy").getAsString().startsWith("modelparallel(cpu,cpu, balanced; multilevel("),
                report.get("strategy").getAsString());
        var placements = report.getAsJsonArray("events").asList().stream()
                .map(e -> e.getAsJsonObject())
                .filter(e -> e.get("type").getAsString().equals("placement"))
                .toList();
        assertEquals(2, placements.size());
        // 3 blocks of 3 functions, then 6: balanced puts functions 0 and 2 of each block on slot 0
        var functions = placements.get(1).getAsJsonObject("data").getAsJsonArray("functions");
        assertEquals(18, functions.size());
        assertEquals(1, functions.get(1).getAsJsonObject().get("slot").getAsInt());
        assertEquals(0, functions.get(2).getAsJsonObject().get("slot").getAsInt());
        assertEquals(
                2,
                placements
                        .get(1)
                        .getAsJsonObject("data")
                        .getAsJsonArray("macsPerSlot")
                        .size());
    }

    @Test
    void multilevelCyclesCanBeGivenInSteps(@TempDir Path dir) throws IOException {
        Result r = run(
                "train",
                "--strategy",
                "multilevel",
                "--data",
                "synthetic",
                "--cycle-unit",
                "steps",
                "--cycle-ends",
                "10,25",
                "--start-blocks",
                "1,1,1",
                "--widths",
                "8,16,32",
                "--eta-max",
                "0.1",
                "--quiet",
                "--report",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json")))
                .getAsJsonObject();
        assertEquals(
                "multilevel(cycles [10, 15] steps, eta 0.1..0.001, batch 100 unless the run sets batchSize, sgd momentum 0.9, wd 2.0E-4 unless the run sets optimizer)",
                report.get("strategy").getAsString());
        var phases = report.getAsJsonArray("epochs").asList().stream()
                .map(e -> e.getAsJsonObject().get("phase").getAsString())
                .distinct()
                .toList();
        assertEquals(List.of("cycle-1", "cycle-2"), phases);
        r = run("train", "--strategy", "multilevel", "--data", "synthetic", "--cycle-unit", "hours");
        assertEquals(2, r.code());
        assertTrue(
                r.err().contains("--cycle-unit")
                        && r.err().contains("hours")
                        && r.err().contains("epochs or steps"),
                r.err());
    }

    @Test
    void analyzePrintsNormsAndLesionsAndWritesJson(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("analysis.json");
        Result r = run(
                "analyze",
                "--data",
                "synthetic",
                "--epochs",
                "1",
                "--blocks",
                "2,2,2",
                "--widths",
                "8,16,32",
                "--quiet",
                "--json",
                json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().contains("residual-module norms")
                        && r.out().contains("stage 1 block 2 removed")
                        && r.out().contains("stage 1 shuffled"),
                r.out());
        JsonObject a = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(6, a.getAsJsonArray("residualNorms").size());
        assertTrue(a.getAsJsonArray("lesions").size() > 1);
    }

    @Test
    void describeEndsWithParamsAndMacs() {
        Result r = run(
                "describe",
                "--arch",
                "resnet",
                "--blocks",
                "2-2-2",
                "--widths",
                "16,32,64",
                "--input",
                "3,32,32",
                "--classes",
                "10");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().trim().endsWith("params=172506 macs=26395264"), r.out());
        // VGG-16-BN at a quarter width on 28x28 padded by 2: the 32x32 network's MACs, by hand: convs
        // 2,506,752 + 3,538,944 + 5,898,240 + 5,898,240 + 1,769,472 (3x3 x c_in x c_out x H x W at 32, 16, 8,
        // 4 and 2 pixels) and the linear layer 128 x 10 = 1,280
        r = run(
                "describe",
                "--arch",
                "vgg",
                "--batch-norm",
                "--fc-widths",
                "none",
                "--width-scale",
                "0.25",
                "--pad",
                "2",
                "--input",
                "1,28,28");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().trim().endsWith("macs=19612928"), r.out());
        r = run("describe", "--arch", "wrn", "--depth", "27");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("6n+4"), r.err());
    }

    @Test
    void badOptionsGiveATypedMessageAndExitCodeTwo() {
        Result r = run("train", "--strategy", "nope", "--data", "synthetic");
        assertEquals(2, r.code());
        assertTrue(
                r.err()
                        .contains(
                                "Invalid value for '--strategy'. Received: --strategy=nope. Expected: plain, multilevel, incremental, partitioned or modelparallel"),
                r.err());
        r = run("train", "--data", "/no/such/dir");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--data'"), r.err());
    }

    @Test
    void theBundledSampleIsClassBalanced() {
        DataChoice sample = DataChoice.resolve("sample", 1);
        assertEquals(5000, sample.train().count());
        assertEquals(1000, sample.test().count());
        int[] counts = new int[10];
        for (int i = 0; i < sample.test().count(); i++) {
            counts[sample.test().label(i)]++;
        }
        for (int c : counts) {
            assertEquals(100, c);
        }
    }

    @Test
    void readingTheSampleReportsEveryFileUpToItsSize() {
        Map<String, List<long[]>> seen = new LinkedHashMap<>();
        DataChoice.resolve(
                "sample",
                1,
                (file, done, total) ->
                        seen.computeIfAbsent(file, f -> new ArrayList<>()).add(new long[] {done, total}));
        assertEquals(Set.copyOf(Sample.FILES), seen.keySet());
        seen.forEach((file, calls) -> {
            long total = calls.get(0)[1];
            assertTrue(total > 0, file);
            for (int i = 1; i < calls.size(); i++) {
                assertTrue(calls.get(i)[0] >= calls.get(i - 1)[0] && calls.get(i)[1] == total, file);
            }
            assertEquals(total, calls.get(calls.size() - 1)[0], file + " ends at its size");
        });
    }

    @Test
    void reportJsonRecordsTheProvenanceWithTheCommandLineAndSeed(@TempDir Path dir) throws IOException {
        Result r = run(
                "train",
                "--data",
                "synthetic",
                "--train-limit",
                "100",
                "--epochs",
                "1",
                "--blocks",
                "1,1,1",
                "--widths",
                "4,8,8",
                "--batch-size",
                "50",
                "--seed",
                "7",
                "--quiet",
                "--report",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject p = JsonParser.parseString(Files.readString(dir.resolve("report.json")))
                .getAsJsonObject()
                .getAsJsonObject("provenance");
        assertEquals(
                "resgrow train --data synthetic --train-limit 100 --epochs 1 --blocks 1,1,1 --widths 4,8,8"
                        + " --batch-size 50 --seed 7 --quiet --report " + dir,
                p.get("command line").getAsString());
        assertEquals("7", p.get("seed").getAsString());
        assertEquals("synthetic", p.get("data").getAsString());
        assertEquals("50", p.get("batchSize").getAsString());
        assertEquals(
                "[batchSize, schedule]",
                p.get("setOnRun").getAsString(),
                "--batch-size typed; plain's cosine schedule");
        assertEquals("0.35.1", p.get("DJL").getAsString());
        assertTrue(p.get("run").getAsString().startsWith("device cpu, "), p.toString());
        assertTrue(p.has("resgrow") && p.has("java") && p.has("engine") && p.has("train"), p.toString());
    }
}
