package io.resgrow.bench;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.examples.cli.CommandProvenance;
import io.resgrow.examples.cli.Launcher;
import io.resgrow.examples.cli.OptionValues;
import io.resgrow.examples.cli.OutputDirs;
import io.resgrow.examples.cli.ResgrowCli;
import io.resgrow.examples.cli.TerminalProgress;
import io.resgrow.examples.cli.TrainCommand;
import io.resgrow.examples.cli.TrainSetup;
import io.resgrow.models.multires.MultiResNets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Benchmarks: {@code augment} (batching and augmentation throughput), {@code step} (training step
 * against DJL's Trainer or PyTorch eager), {@code parts} (the step's forward, backward and update
 * apart, against PyTorch eager's), {@code epoch} (a real training epoch, data path included,
 * against the bare step), {@code ops} (native operations per step against DJL's
 * Trainer), {@code optimizer} (the SGD update alone against DJL's), {@code multilevel}
 * (Chang et al.'s comparison), {@code incremental} (Istrate et al.'s), {@code partitioned}
 * (Wong et al.'s MonolithNet against end to end and one branch), {@code modelparallel} (a placed
 * Multi-ResNet's step against plain training), {@code memory} (resident memory and live arrays over a long run),
 * {@code djl-dataset} (an epoch on images read through DJL's dataset interface against resgrow's own loader).
 * The main class of {@code resgrow-bench.jar}: {@code java -jar resgrow-bench/target/resgrow-bench.jar step}.
 */
@Command(
        name = "resgrow-bench",
        mixinStandardHelpOptions = true,
        version = "resgrow-bench 0.1.0-SNAPSHOT",
        description = "Run a benchmark: augment | step | parts | epoch | ops | optimizer | multilevel | incremental"
                + " | partitioned | modelparallel | memory | djl-dataset.")
public final class BenchCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            description = "augment, step, parts, epoch, ops, optimizer, multilevel, incremental, partitioned,"
                    + " modelparallel, memory or djl-dataset")
    String which;

    @Option(
            names = "--blocks",
            defaultValue = "3,3,3",
            description = "step, parts, epoch, optimizer, djl-dataset: blocks per stage")
    String blocks;

    @Option(names = "--batch", defaultValue = "128", description = "batch size")
    int batch;

    @Option(
            names = "--steps",
            defaultValue = "30",
            description = "step, parts, epoch: timed steps; optimizer: timed updates; memory: steps")
    int steps;

    @Option(names = "--h", defaultValue = "1.0", description = "step, parts: step size h of every block")
    double h;

    @Option(
            names = "--widths",
            defaultValue = "16,32,64",
            description = "step, parts, epoch, djl-dataset: channels per stage")
    String widths;

    @Option(names = "--input", defaultValue = "1,28,28", description = "step, parts: one sample's C,H,W (H = W)")
    String input;

    @Option(names = "--classes", defaultValue = "10", description = "step, parts: classes")
    int classes;

    @Option(
            names = "--threads",
            defaultValue = "2",
            description =
                    "step, parts, epoch, djl-dataset: libtorch intra-op threads (resgrow and the peer); --with-peer: the peer's")
    int threads;

    @Option(
            names = "--compare",
            defaultValue = "none",
            description = "step: none, djl (DJL's Trainer) or pytorch (the PyTorch eager peer, alternating in one run);"
                    + " parts: none or pytorch")
    String compare;

    @Option(
            names = "--rounds",
            defaultValue = "2",
            description = "step, parts: alternating runs of each side with --compare (parts: or --same-graph);"
                    + " epoch, djl-dataset: of each side")
    int rounds;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "10",
            description =
                    "step, parts, epoch, djl-dataset: untimed training before the timed rounds, while the JVM compiles the loop (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(
            names = "--peer",
            defaultValue = "resgrow-bench/peers/pytorch_step.py",
            description = "step, parts: the PyTorch peer script (default: ${DEFAULT-VALUE})")
    Path peer;

    @Option(
            names = "--same-graph",
            paramLabel = "FILE",
            description = "parts: also time the peer's own network, traced to FILE by pytorch_step.py --trace, in"
                    + " resgrow's libtorch")
    Path sameGraph;

    @Option(names = "--cycles", defaultValue = "4,4,4", description = "multilevel: cycle lengths in epochs")
    String cycles;

    @Option(
            names = "--train-images",
            defaultValue = "20000",
            description =
                    "multilevel, incremental, partitioned, epoch, djl-dataset: training subset (60000: all of it)")
    int trainImages;

    @Option(
            names = "--data",
            description =
                    "multilevel, incremental, partitioned, epoch, djl-dataset: Fashion-MNIST directory (default: RESGROW_DATA or Debian's)")
    Path data;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "multilevel, incremental, partitioned, epoch, djl-dataset: seed")
    long seed;

    @Option(
            names = "--seeds",
            split = ",",
            description = "multilevel, incremental, partitioned: several seeds, e.g. 1,2,3 (instead of --seed): each"
                    + " seed's runs in turn, then every figure as mean and range over them")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--epochs", defaultValue = "12", description = "incremental: the baseline's epochs")
    int epochs;

    @Option(names = "--ws", defaultValue = "3", description = "incremental: slope window")
    int ws;

    @Option(names = "--gamma", defaultValue = "0.5", description = "incremental: slope ratio")
    double gamma;

    @Option(names = "--lookahead-epochs", defaultValue = "1", description = "incremental: look-ahead epochs")
    int lookAheadEpochs;

    @Option(
            names = "--max-epochs-per-stage",
            defaultValue = "4",
            description = "incremental: cap of S1 and S2's stages")
    int maxEpochsPerStage;

    @Option(names = "--depth", defaultValue = "14", description = "modelparallel: Multi-ResNet depth 6n+2")
    int depth;

    @Option(names = "--k", defaultValue = "2", description = "modelparallel: residual functions per block")
    int k;

    @Option(names = "--widen", defaultValue = "1", description = "modelparallel: width multiplier")
    int widen;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "multilevel, incremental, partitioned: write each"
                    + " compared run's report.json and report.html (with PNG charts) into DIR/RUN, and compare.html across"
                    + " the runs into DIR")
    Path report;

    @Option(names = "--quiet", description = "no progress bar (it shows only on a terminal anyway)")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Mixin
    PeerOptions peerOptions = new PeerOptions();

    @Mixin
    PartitionedBenchOptions partitionedOptions = new PartitionedBenchOptions();

    @Option(names = "--stacktrace", description = "on an error, print the full stack trace")
    boolean stacktrace;

    @Option(names = "--verbose", description = "show the engine's log lines (DJL's platform, GPU and thread messages)")
    boolean verbose;

    /**
     * Runs a benchmark and exits with its code (in a child JVM with {@code OMP_WAIT_POLICY} set, as
     * {@code resgrow} does).
     *
     * @param args the benchmark and its options
     */
    public static void main(String[] args) {
        Launcher.main(BenchCommand.class, BenchCommand::execute, args);
    }

    /**
     * Runs a benchmark without exiting (for tests).
     *
     * @param args the benchmark and its options
     * @return the exit code
     */
    public static int execute(String... args) {
        BenchCommand bench = new BenchCommand();
        return ResgrowCli.execute(new CommandLine(bench), () -> bench.stacktrace, args);
    }

    /** The benchmarks that train runs a report can show. */
    static final List<String> REPORTED = List.of("multilevel", "incremental", "partitioned");

    @Override
    public Integer call() {
        if (report != null) {
            if (!REPORTED.contains(which)) {
                throw new InvalidSettingException(
                        "--report",
                        report,
                        "the benchmarks " + String.join(", ", REPORTED) + " (the benchmarks that train runs)",
                        "drop --report: benchmark " + which + " prints its figures only");
            }
            OutputDirs.checkWritable("--report", report);
        }
        if (peerOptions.withPeer && !REPORTED.contains(which)) {
            throw new InvalidSettingException(
                    "--with-peer",
                    true,
                    "the benchmarks " + String.join(", ", REPORTED) + " (their PyTorch peers train the same runs)",
                    "drop --with-peer (bench step --compare pytorch times the step against PyTorch)");
        }
        switch (which) {
            case "augment":
                AugmentBench.run(batch);
                return 0;
            case "step":
                asOptions(() -> StepBench.run(
                        new StepBench.Settings(stepNetwork(), batch, steps, threads, rounds, warmupSeconds),
                        compare,
                        peer));
                return 0;
            case "parts":
                asOptions(() -> PartsBench.run(
                        new StepBench.Settings(stepNetwork(), batch, steps, threads, rounds, warmupSeconds),
                        compare,
                        peer,
                        sameGraph));
                return 0;
            case "epoch":
                for (String stepOnly : List.of("--input", "--classes", "--h")) {
                    if (spec.commandLine().getParseResult().hasMatchedOption(stepOnly)) {
                        throw new InvalidSettingException(
                                stepOnly,
                                String.join(
                                        ",",
                                        spec.commandLine()
                                                .getParseResult()
                                                .matchedOption(stepOnly)
                                                .stringValues()),
                                "not set: bench epoch trains train's network on --data's images",
                                "drop " + stepOnly + " (bench step takes it)");
                    }
                }
                asOptions(() -> EpochBench.run(
                        new EpochBench.Settings(stepNetwork(), batch, steps, rounds, threads, warmupSeconds),
                        this::trainEpoch));
                return 0;
            case "optimizer":
                OptimizerBench.run(OptionValues.ints("--blocks", blocks), steps);
                return 0;
            case "multilevel":
                overSeeds(
                        (s, out) ->
                                MultiLevelBench.run(data, trainImages, OptionValues.ints("--cycles", cycles), s, out),
                        s -> PeerOptions.multilevel(peerCommon(s), cycles));
                return 0;
            case "incremental":
                overSeeds(
                        (s, out) -> IncrementalBench.run(
                                new IncrementalBench.Settings(
                                        data, trainImages, epochs, ws, gamma, lookAheadEpochs, maxEpochsPerStage, s),
                                out),
                        s -> PeerOptions.incremental(
                                peerCommon(s), epochs, ws, gamma, lookAheadEpochs, maxEpochsPerStage));
                return 0;
            case "partitioned":
                overSeeds(
                        (s, out) -> PartitionedBench.run(partitionedOptions.settings(data, trainImages, s), out),
                        s -> partitionedOptions.peerArgs(peerCommon(s)));
                return 0;
            case "modelparallel":
                // the network's settings are checked before any work, under their options' names
                asOptions(() -> MultiResNets.builder(depth, k, widen, false));
                ModelParallelBench.run(new ModelParallelBench.Settings(depth, k, widen, batch, steps));
                return 0;
            case "ops":
                asOptions(() -> OpCountBench.run(stepNetwork(), batch, steps));
                return 0;
            case "memory":
                MemoryBench.run(OptionValues.ints("--blocks", blocks), batch, steps);
                return 0;
            case "djl-dataset":
                asOptions(() -> DjlDatasetBench.run(new DjlDatasetBench.Settings(
                        data,
                        trainImages,
                        OptionValues.positiveInts("--blocks", blocks),
                        OptionValues.positiveInts("--widths", widths),
                        batch,
                        rounds,
                        threads,
                        warmupSeconds,
                        seed)));
                return 0;
            default:
                throw new InvalidSettingException(
                        "benchmark",
                        which,
                        "augment, step, parts, epoch, ops, optimizer, multilevel, incremental, partitioned, modelparallel,"
                                + " memory or djl-dataset",
                        "run e.g. 'java -jar resgrow-bench/target/resgrow-bench.jar memory --steps 5000'");
        }
    }

    /** One strategy benchmark over the seeds ({@link SeedRuns}), its peer checked before any work. */
    private void overSeeds(BiConsumer<Long, BenchOutput> benchmark, Function<Long, List<String>> peerArgs) {
        SeedRuns.run(seed, seeds, peerOptions.open(which), this::output, benchmark, peerArgs);
    }

    private List<String> peerCommon(long s) {
        return PeerOptions.common(PeerOptions.dataFor(data), trainImages, s, threads);
    }

    private BenchOutput output() {
        TerminalProgress progress = TerminalProgress.forThisProcess(quiet);
        Map<String, String> settings = CommandProvenance.of(
                spec,
                "bench " + which,
                seed,
                data == null ? "Fashion-MNIST (RESGROW_DATA or Debian's)" : data.toString());
        return new BenchOutput(report, settings, progress.enabled() ? progress : null, progress);
    }

    /** Runs a step-like benchmark, reporting a bad setting under its option ({@code batch} as {@code --batch}). */
    private static void asOptions(Runnable benchmark) {
        try {
            benchmark.run();
        } catch (InvalidSettingException e) {
            throw e.parameter().startsWith("--") ? e : e.as("--" + e.parameter());
        }
    }

    /**
     * The run {@code train --data D --epochs 1 --blocks B --widths W --batch-size N --seed S --quiet}
     * prepares (with {@code --train-limit} from {@code --train-images} when given), read afresh; a
     * bad option is reported under bench's spelling.
     */
    private EpochBench.Epoch trainEpoch() {
        List<String> args = new ArrayList<>(List.of(
                "--data",
                data == null ? "fashion-mnist" : data.toString(),
                "--epochs",
                "1",
                "--blocks",
                blocks,
                "--widths",
                widths,
                "--batch-size",
                Integer.toString(batch),
                "--seed",
                Long.toString(seed),
                "--threads",
                Integer.toString(threads),
                "--quiet"));
        if (spec.commandLine().getParseResult().hasMatchedOption("--train-images")) {
            args.addAll(List.of("--train-limit", Integer.toString(trainImages)));
        }
        try {
            TrainSetup.Prepared p = TrainCommand.prepare(args.toArray(new String[0]));
            return new EpochBench.Epoch(p.network(), p.run());
        } catch (InvalidSettingException e) {
            throw switch (e.parameter()) {
                case "--train-limit" -> e.as("--train-images");
                case "--batch-size" -> e.as("--batch");
                default -> e;
            };
        }
    }

    private StepNetwork stepNetwork() {
        return new StepNetwork(
                OptionValues.positiveInts("--blocks", blocks),
                OptionValues.positiveInts("--widths", widths),
                OptionValues.positiveInts("--input", input),
                classes,
                h);
    }
}
