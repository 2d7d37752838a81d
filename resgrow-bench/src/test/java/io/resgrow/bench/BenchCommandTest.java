package io.resgrow.bench;

import static io.resgrow.bench.BenchRunner.run;
import static io.resgrow.bench.TorchPeer.assumeTorch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured.Result;
import io.resgrow.examples.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks run (tiny sizes; their figures are only checked to be real measurements). */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BenchCommandTest {

    /**
     * Runs a benchmark of {@code steps} timed steps of each kind and checks its two per-step
     * timings against the test's own clock: positive, and all the timed steps together fit in the
     * command's wall time (a wrong unit or a step counted twice would not).
     */
    private static void assertTwoTimings(String first, String second, int steps, String... args) {
        long t0 = System.nanoTime();
        Result r = run(args);
        double wallMs = (System.nanoTime() - t0) / 1e6;
        assertEquals(0, r.code(), r.err());
        Matcher m =
                Pattern.compile(first + "=([0-9.]+) " + second + "=([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        double a = Double.parseDouble(m.group(1));
        double b = Double.parseDouble(m.group(2));
        assertTrue(a > 0 && b > 0, r.out());
        assertTrue(
                (a + b) * steps < wallMs,
                "timed steps take " + (a + b) * steps + " ms of a " + wallMs + " ms command: " + r.out());
    }

    @Test
    void optimizerBenchComparesBothUpdates() {
        assertTwoTimings("resgrow_update_ms", "djl_update_ms", 3, "optimizer", "--blocks", "1,1,1", "--steps", "3");
    }

    @Test
    void stepBenchComparesResgrowWithDjlsTrainer() {
        assertTwoTimings(
                "resgrow_step_ms",
                "djl_trainer_step_ms",
                3,
                "step",
                "--blocks",
                "1,1,1",
                "--batch",
                "8",
                "--steps",
                "3",
                "--compare",
                "djl",
                "--warmup-seconds",
                "0");
    }

    @Test
    void modelParallelBenchTimesPlainAndPlacedStepsAndCountsTheTraffic() {
        assertTwoTimings(
                "plain_step_ms",
                "placed_1_device_step_ms",
                2,
                "modelparallel",
                "--depth",
                "8",
                "--k",
                "2",
                "--batch",
                "4",
                "--steps",
                "2");
        Result r = run("modelparallel", "--depth", "8", "--k", "2", "--batch", "4", "--steps", "2");
        // 3 blocks of 2 functions on cpu,cpu, one on each slot: per block the input out and the partial sum
        // back, each with its gradient: 4 transfers a block per training step
        assertTrue(r.out().contains("logical_transfers_per_step=12 "), r.out());
    }

    @Test
    void stepBenchTakesThePeersFlagsAndEndsWithTheMedian() {
        Result r = run(
                "step",
                "--blocks",
                "1,1",
                "--widths",
                "4,8",
                "--input",
                "3,8,8",
                "--classes",
                "5",
                "--batch",
                "4",
                "--steps",
                "3",
                "--threads",
                "1",
                "--warmup-seconds",
                "0.5");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\\R");
        assertTrue(lines[lines.length - 1].matches("ms_per_step_median=[0-9]+\\.[0-9]+"), r.out());
        assertTrue(r.out().contains("blocks=1,1 widths=4,8 input=3,8,8 classes=5 batch=4"), r.out());
        Matcher warm = Pattern.compile("jvm_warmup: ([0-9]+) untimed runs in ([0-9.]+) s")
                .matcher(r.out());
        assertTrue(warm.find(), r.out());
        assertTrue(Integer.parseInt(warm.group(1)) >= 1 && Double.parseDouble(warm.group(2)) >= 0.5, r.out());
        Matcher rates = Pattern.compile(
                        "train_images_per_s=([0-9]+) eval_images_per_s=([0-9]+) .* peak_rss_mib=([0-9]+)")
                .matcher(r.out());
        assertTrue(rates.find(), r.out());
        assertTrue(Long.parseLong(rates.group(2)) > 0 && Long.parseLong(rates.group(3)) > 50, r.out());
    }
    /** Runs a benchmark with {@code --compare pytorch} (skipped without the peer's Python); checks it exits 0. */
    private static Result withPeer(String which, String... options) {
        assumeTorch();
        List<String> args = new ArrayList<>(List.of(which, "--compare", "pytorch", "--peer", "peers/pytorch_step.py"));
        args.addAll(List.of(options));
        Result r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    @Test
    void stepBenchAlternatesWithThePytorchPeerAndPrintsTheRatio() {
        Result r = withPeer(
                "step", "--blocks", "1,1,1", "--batch", "4", "--steps", "3", "--rounds", "1", "--warmup-seconds", "0");
        Matcher m = Pattern.compile("resgrow_step_ms=([0-9.]+) pytorch_step_ms=([0-9.]+) resgrow/pytorch=([0-9.]+)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        double ratio = Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2));
        assertEquals(ratio, Double.parseDouble(m.group(3)), 0.01, r.out());
        // one round: the median of the paired ratios is that round's ratio
        assertTrue(r.out().contains("median_round_ratio=" + m.group(3)), r.out());
        assertTrue(r.out().strip().endsWith("ms_per_step_median=" + m.group(1)), r.out());
    }

    @Test
    void partsBenchTimesForwardBackwardAndUpdateApartOnBothSides() {
        Result r = withPeer(
                "parts", "--blocks", "1,1,1", "--batch", "4", "--steps", "5", "--rounds", "2", "--warmup-seconds", "0");
        Pattern row = Pattern.compile("round ([12]): (resgrow|pytorch) forward ([0-9.]+), backward ([0-9.]+), update"
                + " ([0-9.]+), step ([0-9.]+) ms");
        Matcher m = row.matcher(r.out());
        double[][][] seen = new double[2][2][];
        int rows = 0;
        while (m.find()) {
            rows++;
            double[] parts = {
                Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)),
                Double.parseDouble(m.group(5)),
                Double.parseDouble(m.group(6))
            };
            for (int p = 0; p < 3; p++) {
                assertTrue(parts[p] > 0 && parts[p] < parts[3], "a part is shorter than the step: " + m.group());
            }
            seen[Integer.parseInt(m.group(1)) - 1][m.group(2).equals("resgrow") ? 0 : 1] = parts;
        }
        assertEquals(4, rows, r.out());
        Matcher ours = Pattern.compile(
                        "parts_ms_resgrow forward=([0-9.]+) backward=([0-9.]+) update=([0-9.]+)" + " step=([0-9.]+)")
                .matcher(r.out());
        Matcher ratio = Pattern.compile("parts_ratio_resgrow/pytorch forward=([0-9.]+) backward=([0-9.]+)"
                        + " update=([0-9.]+) step=([0-9.]+)")
                .matcher(r.out());
        assertTrue(ours.find() && ratio.find(), r.out());
        for (int p = 0; p < 4; p++) {
            // two rounds: each median is the mean of the rounds' values (printed to 3 decimals)
            double mean = (seen[0][0][p] + seen[1][0][p]) / 2;
            assertEquals(mean, Double.parseDouble(ours.group(p + 1)), 0.002, r.out());
            double ratios = (seen[0][0][p] / seen[0][1][p] + seen[1][0][p] / seen[1][1][p]) / 2;
            assertEquals(ratios, Double.parseDouble(ratio.group(p + 1)), 0.01 * ratios + 0.002, r.out());
        }
    }

    @Test
    void partsBenchComparesWithThePeerOnlyAndNeedsAnExistingTracedGraph() {
        Result r = run("parts", "--compare", "djl");
        assertEquals(2, r.code(), r.out());
        assertTrue(
                r.err().contains("--compare")
                        && r.err().contains("djl")
                        && r.err().contains("none or pytorch"),
                r.err());
        r = run("parts", "--same-graph", "no/such/graph.pt");
        assertEquals(2, r.code(), r.out());
        assertTrue(
                r.err().contains("--same-graph")
                        && r.err().contains("no/such/graph.pt")
                        && r.err().contains("--trace"),
                r.err());
    }

    @Test
    void partsBenchRunsThePeersTracedGraphInResgrowsLibtorch(@TempDir Path tmp) throws Exception {
        assumeTorch();
        Path graph = tmp.resolve("peer.pt");
        Process trace = new ProcessBuilder(
                        "/usr/bin/python3",
                        "peers/pytorch_step.py",
                        "--blocks",
                        "1,1,1",
                        "--batch",
                        "4",
                        "--trace",
                        graph.toString())
                .redirectErrorStream(true)
                .start();
        String traced = new String(trace.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, trace.waitFor(), traced);
        Result r = withPeer(
                "parts",
                "--blocks",
                "1,1,1",
                "--batch",
                "4",
                "--steps",
                "4",
                "--rounds",
                "2",
                "--same-graph",
                graph.toString(),
                "--warmup-seconds",
                "0");
        Matcher same = Pattern.compile("round ([12]): the peer's graph in resgrow's libtorch forward ([0-9.]+),"
                        + " backward ([0-9.]+) ms")
                .matcher(r.out());
        Matcher zeroed = Pattern.compile("round ([12]): pytorch --zero-grads forward ([0-9.]+), backward ([0-9.]+),"
                        + " update ([0-9.]+), step ([0-9.]+) ms")
                .matcher(r.out());
        double ratios = 0;
        for (int round = 0; round < 2; round++) {
            assertTrue(same.find() && zeroed.find(), r.out());
            assertTrue(Double.parseDouble(same.group(2)) > 0 && Double.parseDouble(same.group(3)) > 0, r.out());
            ratios += Double.parseDouble(same.group(3)) / Double.parseDouble(zeroed.group(3)) / 2;
        }
        Matcher ratio = Pattern.compile("parts_ratio_same_graph/pytorch_zero_grads forward=[0-9.]+ backward=([0-9.]+)")
                .matcher(r.out());
        assertTrue(ratio.find() && r.out().contains("parts_ratio_resgrow/pytorch_zero_grads forward="), r.out());
        assertEquals(ratios, Double.parseDouble(ratio.group(1)), 0.01 * ratios + 0.002, r.out());
    }

    @Test
    void partsBenchRefusesAFileThatIsNotTheTracedNetworkUnderItsOption(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.pt"), "not TorchScript");
        Result r = run(
                "parts",
                "--blocks",
                "1,1,1",
                "--batch",
                "4",
                "--steps",
                "2",
                "--same-graph",
                bad.toString(),
                "--warmup-seconds",
                "0");
        assertEquals(2, r.code(), r.out());
        assertTrue(
                r.err().contains("--same-graph")
                        && r.err().contains(bad.toString())
                        && r.err().contains("--trace"),
                r.err());
        r = run("parts", "--same-graph", tmp.resolve("missing.pt").toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("no such file") && r.err().contains("--blocks 3,3,3"), r.err());
        assumeTorch();
        // a graph of another network that takes the same input: refused by its parameter count
        Path wider = tmp.resolve("wider.pt");
        Process trace = new ProcessBuilder(
                        "/usr/bin/python3",
                        "peers/pytorch_step.py",
                        "--blocks",
                        "1,1,1",
                        "--widths",
                        "8,16,32",
                        "--batch",
                        "4",
                        "--trace",
                        wider.toString())
                .redirectErrorStream(true)
                .start();
        String traced = new String(trace.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, trace.waitFor(), traced);
        r = run(
                "parts",
                "--blocks",
                "1,1,1",
                "--batch",
                "4",
                "--steps",
                "2",
                "--same-graph",
                wider.toString(),
                "--warmup-seconds",
                "0");
        assertEquals(2, r.code(), r.out());
        assertTrue(
                r.err().contains("--same-graph")
                        && r.err().contains("trained parameters")
                        && r.err().contains("--blocks 1,1,1 --widths 16,32,64"),
                r.err());
        assertFalse(r.out().contains("jvm_warmup"), "refused before the warm-up: " + r.out());
    }

    @Test
    void epochBenchAlternatesTrainsFirstEpochWithTheBareStepAndPrintsTheRatio(@TempDir Path tmp) throws IOException {
        Path data = Sample.unpack(Files.createDirectory(tmp.resolve("data")));
        Result r = run(
                "epoch",
                "--data",
                data.toString(),
                "--train-images",
                "80",
                "--blocks",
                "1,1,1",
                "--batch",
                "16",
                "--steps",
                "3",
                "--rounds",
                "2",
                "--warmup-seconds",
                "0");
        assertEquals(0, r.code(), r.err());
        Matcher round = Pattern.compile("round [12]: epoch ([0-9]+) images in ([0-9.]+) s \\(preparing ([0-9.]+) s,"
                        + " validation ([0-9.]+) s, waiting for batches ([0-9.]+) s\\) = ([0-9]+) images/s, [0-9]+ without"
                        + " validation \\(median step [0-9.]+ ms; the epoch's rate / its median step's [0-9.]+\\), bare step"
                        + " median ([0-9.]+) ms = ([0-9]+) images/s, mean ([0-9.]+) ms = ([0-9]+) images/s, ratio ([0-9.]+)"
                        + " \\(to the bare mean ([0-9.]+)\\)")
                .matcher(r.out());
        double ratioSum = 0;
        int rounds = 0;
        while (round.find()) {
            rounds++;
            // train's run: 80 images, 8 held out for validation, 72 left: 4 whole batches of 16
            assertEquals(64, Long.parseLong(round.group(1)), r.out());
            double seconds = Double.parseDouble(round.group(2));
            double preparing = Double.parseDouble(round.group(3));
            double validation = Double.parseDouble(round.group(4));
            double waited = Double.parseDouble(round.group(5));
            assertTrue(preparing > 0 && validation > 0 && preparing + validation + waited < seconds, r.out());
            double epochRate = 64 / seconds;
            assertEquals(epochRate, Double.parseDouble(round.group(6)), epochRate * 0.01 + 1, r.out());
            double stepRate = 16 * 1000 / Double.parseDouble(round.group(7));
            assertEquals(stepRate, Double.parseDouble(round.group(8)), stepRate * 0.01 + 1, r.out());
            double meanRate = 16 * 1000 / Double.parseDouble(round.group(9));
            assertEquals(meanRate, Double.parseDouble(round.group(10)), meanRate * 0.01 + 1, r.out());
            assertEquals(epochRate / stepRate, Double.parseDouble(round.group(11)), 0.02, r.out());
            assertEquals(epochRate / meanRate, Double.parseDouble(round.group(12)), 0.02, r.out());
            ratioSum += Double.parseDouble(round.group(11));
        }
        assertEquals(2, rounds, r.out());
        assertTrue(r.out().contains("jvm_warmup: 0 untimed runs"), r.out());
        Matcher median = Pattern.compile("median_round_ratio=([0-9.]+)").matcher(r.out());
        assertTrue(median.find(), r.out());
        assertEquals(ratioSum / 2, Double.parseDouble(median.group(1)), 0.002, "two rounds: the mean of both");
    }

    @Test
    void epochBenchRefusesBadOptionsUnderItsOwnSpellingBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path data = Sample.unpack(Files.createDirectory(tmp.resolve("data")));
        Result r = run("epoch", "--data", data.toString(), "--input", "3,32,32");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--input") && r.err().contains("3,32,32"), r.err());
        r = run("epoch", "--data", data.toString(), "--train-images", "999999");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--train-images") && r.err().contains("999999"), r.err());
        assertTrue(!r.out().contains("jvm_warmup"), "refused before the warm-up: " + r.out());
        r = run("epoch", "--data", tmp.resolve("none").toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--data"), r.err());
        assertTrue(!r.out().contains("jvm_warmup"), "refused before the warm-up: " + r.out());
    }

    @Test
    void stepBenchRejectsAMissingPeerAndANonSquareInputByOption() {
        Result r = run("step", "--compare", "pytorch", "--peer", "no/such/peer.py");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--peer") && r.err().contains("no/such/peer.py"), r.err());
        r = run("step", "--input", "1,28,30");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--input"), r.err());
        r = run("step", "--compare", "tensorflow");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--compare") && r.err().contains("none, djl or pytorch"), r.err());
        r = run("step", "--warmup-seconds", "-1");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--warmup-seconds") && r.err().contains("-1"), r.err());
    }

    @Test
    void memoryBenchSamplesEveryTwoHundredFiftyStepsAndReportsTheSpread() {
        Result r = run("memory", "--blocks", "1,1,1", "--batch", "4", "--steps", "1000");
        assertEquals(0, r.code(), r.err());
        String[] rows = r.out()
                .lines()
                .filter(l -> l.matches("\\s*\\d+\\s+[0-9.]+\\s+\\d+"))
                .toArray(String[]::new);
        assertEquals(4, rows.length, r.out());
        for (String row : rows) {
            String[] f = row.trim().split("\\s+");
            assertTrue(Double.parseDouble(f[1]) > 50, "a JVM with libtorch is not under 50 MiB: " + row);
            assertTrue(Integer.parseInt(f[2]) >= 30, "at least the parameters are live: " + row);
        }
        assertTrue(r.out().contains("steps=1000 batch=4") && r.out().contains("rss_spread="), r.out());
    }

    @Test
    void opsBenchCountsNoMoreNativeOperationsPerStepInResgrowsLoopThanInDjlsTrainer() {
        Result r = run("ops", "--blocks", "1,1,1", "--batch", "4", "--steps", "2");
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("resgrow_ops_per_step=([0-9.]+) djl_ops_per_step=([0-9.]+)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        double ours = Double.parseDouble(m.group(1));
        double djl = Double.parseDouble(m.group(2));
        assertTrue(djl > 50, "a ResNet-8 step runs more than 50 operations: " + r.out());
        assertTrue(ours <= djl, r.out());
    }

    @Test
    void anUnknownBenchmarkIsATypedError() {
        Result r = run("everything");
        assertEquals(2, r.code());
        assertTrue(
                r.err().contains("everything")
                        && r.err()
                                .contains(
                                        "augment, step, parts, epoch, ops, optimizer, multilevel, incremental, partitioned,"
                                                + " modelparallel, memory or djl-dataset"),
                r.err());
    }
}
