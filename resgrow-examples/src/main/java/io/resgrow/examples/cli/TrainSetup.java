package io.resgrow.examples.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.Check;
import io.resgrow.core.DivergenceRollback;
import io.resgrow.core.InvalidSettingException;
import io.resgrow.core.ResGrow;
import io.resgrow.core.TrainingRun;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.schedule.CosineRestarts;
import io.resgrow.core.strategy.PlainStrategy;
import io.resgrow.datasets.augment.Normalize;
import io.resgrow.datasets.augment.RandomFlip;
import io.resgrow.datasets.augment.RandomShift;
import io.resgrow.datasets.split.Subsets;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.strategies.multilevel.MultiLevelInterpolation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options shared by {@code train} and {@code analyze}, and the run they describe. */
public final class TrainSetup {

    @Option(names = "--strategy", defaultValue = "plain",
            description = "plain, multilevel, incremental, partitioned or modelparallel (default: ${DEFAULT-VALUE})")
    String strategy;

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    @Mixin IncrementalOptions incremental;

    @Mixin PartitionedOptions partitioned;

    @Mixin ModelParallelOptions modelParallel;

    @Option(names = "--depth", description = "incremental, vgg: 11, 13, 16 or 19 (default 16); partitioned: WRN depth"
            + " 6n+4 of each branch (default 10); modelparallel: Multi-ResNet depth 6n+2 (default 14)")
    Integer depth;

    @Option(names = "--no-augment", description = "train without augmentation (partitioned: stage 2 then computes the"
            + " branch features once)")
    boolean noAugment;

    @Option(names = "--data", defaultValue = "sample",
            description = "sample, synthetic, fashion-mnist or a directory (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--epochs", defaultValue = "15", description = "plain: epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size",
            description = "batch size (default: 128 plain and incremental resnet, 100 multilevel, 32 incremental vgg)")
    Integer batchSize;

    @Option(names = "--lr", description = "plain: peak learning rate (default 0.1); incremental: constant rate (default 1e-4)")
    Double lr;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--train-limit", description = "use only the first N training images")
    Integer trainLimit;

    @Option(names = {"--blocks", "--start-blocks"}, defaultValue = "2,2,2",
            description = "blocks per stage (multilevel: at the start) (default: ${DEFAULT-VALUE})")
    String blocks;

    @Option(names = "--widths", defaultValue = "16,32,64", description = "widths per stage (default: ${DEFAULT-VALUE})")
    String widths;

    @Option(names = "--cycles", defaultValue = "4,4,4",
            description = "multilevel: cycle lengths, in --cycle-unit (default: ${DEFAULT-VALUE})")
    String cycles;

    @Option(names = "--cycle-ends", description = "multilevel: where cycles end, in --cycle-unit, e.g. 60,110,160 (overrides --cycles)")
    String cycleEnds;

    @Option(names = "--cycle-unit", defaultValue = "epochs",
            description = "multilevel: unit of --cycles and --cycle-ends: epochs or steps (default: ${DEFAULT-VALUE})")
    String cycleUnit;

    @Option(names = "--eta-max", defaultValue = "0.5", description = "multilevel: cycle start LR (default: ${DEFAULT-VALUE})")
    double etaMax;

    @Option(names = "--eta-min", defaultValue = "0.001", description = "multilevel: cycle end LR (default: ${DEFAULT-VALUE})")
    double etaMin;

    @Option(names = "--report", description = "write DIR/report.json")
    Path report;

    @Option(names = "--checkpoint-dir", description = "write checkpoints at every epoch end")
    Path checkpointDir;

    @Option(names = "--resume", description = "continue from the newest valid checkpoint in --checkpoint-dir")
    boolean resume;

    @Option(names = "--resume-with-changes",
            description = "allow --resume with settings that differ from the checkpoint's (the report records them)")
    boolean resumeWithChanges;

    @Option(names = "--keep-checkpoints", defaultValue = "2",
            description = "valid checkpoints to keep (default: ${DEFAULT-VALUE})")
    int keepCheckpoints;

    @Option(names = "--checkpoint-every-steps", defaultValue = "0",
            description = "also checkpoint every N steps inside an epoch (default: ${DEFAULT-VALUE}, epoch ends only)")
    int checkpointEverySteps;

    @Option(names = "--divergence-check", defaultValue = "10",
            description = "read the loss every N steps and stop if it is NaN or infinite (default: ${DEFAULT-VALUE})")
    int divergenceCheck;

    @Option(names = "--rollbacks", defaultValue = "0",
            description = "on divergence, go back to the last checkpoint with a tenth of the learning rate, up to N"
                    + " times (needs --checkpoint-dir; default: ${DEFAULT-VALUE}, stop)")
    int rollbacks;

    @Option(names = "--lr-scale", defaultValue = "1",
            description = "multiply every learning rate by this factor (a run rolled back k times has 10^-k; pass"
                    + " it to --resume such a run) (default: ${DEFAULT-VALUE})")
    double lrScale;

    @Option(names = "--threads", description = "libtorch's intra-op threads (default: the processors this process may"
            + " use); when N runs share the cores, give each 1/N of them")
    Integer threads;

    @Option(names = "--quiet", description = "no per-epoch log lines and no progress bar (the bar shows only on a"
            + " terminal anyway)")
    boolean quiet;

    private TerminalProgress progress;

    private DataChoice sets;

    private boolean validated;

    private Path save;

    private Map<String, String> provenance = Map.of();

    /**
     * A run ready to fit.
     *
     * @param network the network it trains
     * @param run the run's builder
     * @param test the test data
     * @param normalize the preprocessing of every batch
     */
    public record Prepared(Block network, TrainingRun.Builder run, BatchSource test, Normalize normalize) {}

    /**
     * Builds the run the options describe.
     *
     * @return the prepared run
     */
    public Prepared prepare() {
        validate();
        applyThreads();
        DataChoice sets = data();
        BatchSource train = sets.train();
        if (trainLimit != null) {
            train = train.limit(trainLimit);
        }
        if (resume && !new CheckpointStore(checkpointDir, keepCheckpoints).exists()) {
            System.err.println("--resume: no checkpoint in " + checkpointDir + ", starting from the beginning");
        }
        Subsets.Split split = Subsets.split(train, 0.1, seed);
        Shape sample = sets.train().sampleShape();
        Block net = network(sets);
        double plainLr = lr != null ? lr : 0.1;
        Normalize normalize = Normalize.fromData(split.train());
        TrainingRun.Builder run = ResGrow.train(net, sample)
                .on(split.train(), split.validation())
                .test(sets.test())
                .strategy(strategy())
                .preprocess(normalize)
                .augment(noAugment ? BatchTransform.identity() : RandomShift.padCrop(2).andThen(new RandomFlip()))
                .seed(seed)
                .report(report)
                .resume(resume)
                .learningRateScale(lrScale);
        run.divergenceCheck(divergenceCheck);
        // each option goes to the one place that uses it, so the run and the strategy never both
        // hold a batch size, optimizer or schedule (see RunSetting): plain trains with the run's
        if (trained().equals("plain")) {
            run.schedule(new CosineRestarts(plainLr, plainLr / 100, new int[] {epochs}, true));
            if (batchSize != null) {
                run.batchSize(batchSize);
            }
        } else if (batchSize != null) {
            run.evalBatchSize(batchSize);
        }
        if (strategy.equals("modelparallel")) {
            run.devices(modelParallel.home());
        }
        if (checkpointDir != null) {
            run.checkpoints(checkpointDir).keepCheckpoints(keepCheckpoints)
                    .checkpointEverySteps(checkpointEverySteps).resumeWithChanges(resumeWithChanges);
        }
        if (quiet) {
            run.quiet();
        }
        if (progress().enabled()) {
            run.listener(progress());
        }
        if (save != null) {
            run.save(save);
        }
        run.provenance(provenance);
        // libtorch's reductions split their work by thread: another count trains other bits, so a
        // resume with another count would not continue the same run
        run.comparedOnResume(Map.of("intraOpThreads", Integer.toString(threadCount())));
        return new Prepared(net, run, sets.test(), normalize);
    }

    /**
     * Describes the run in one line before it starts: device, threads, network, parameters and
     * strategy. It counts the parameters on a second copy of the network, so the run itself is not
     * touched.
     *
     * @return the line
     */
    public String header() {
        validate();
        applyThreads();
        DataChoice sets = data();
        long params = ParameterCount.learnableOfCopy(network(sets), sets.train().sampleShape());
        String device = strategy.equals("modelparallel") ? modelParallel.devices
                : Engine.getInstance().defaultDevice().toString().replace("()", "");
        int threads = IntraOpThreads.current();
        return String.format(Locale.ROOT, "device %s, %d threads, %s, %,d parameters%s, strategy %s", device, threads,
                networkName(), params, trained().equals("multilevel") || strategy.equals("incremental") ? " at the start" : "",
                strategy().describe());
    }

    private String networkName() {
        return switch (network()) {
            case "vgg" -> "VGG-" + (depth != null ? depth : 16);
            case "monolith" -> "MonolithNet of " + partitioned.branches + " WRN-" + partitionedDepth() + "-"
                    + partitioned.widen + " branches";
            case "multires" -> "Multi-ResNet-" + multiresDepth() + " (k=" + modelParallel.k + ", widen "
                    + partitioned.widen + ")";
            case "multires-resnet" -> "growing ResNet blocks " + blocks + " widths " + widths + " (k="
                    + modelParallel.k + ")";
            default -> "ResNet blocks " + blocks + " widths " + widths;
        };
    }

    /** The progress bar of this command (quiet with --quiet or off a terminal). */
    private TerminalProgress progress() {
        if (progress == null) {
            progress = TerminalProgress.forThisProcess(quiet);
        }
        return progress;
    }

    /**
     * The data, read once however often the run is prepared (a rollback prepares it again), with
     * {@code --train-limit} checked against it.
     */
    private DataChoice data() {
        if (sets == null) {
            DataChoice read = DataChoice.resolve(data, seed, progress());
            int count = read.train().count();
            if (trainLimit != null && trainLimit > count) {
                throw new InvalidSettingException("--train-limit", trainLimit, "at most the " + count
                        + " training images of --data " + data, "pass --train-limit " + count
                        + " or less, or drop it to use them all");
            }
            sets = read;
        }
        return sets;
    }

    private Block network(DataChoice sets) {
        Shape sample = sets.train().sampleShape();
        ResNetBuilder resnet = new ResNetBuilder().blocks(OptionValues.ints("--blocks", blocks))
                .widths(OptionValues.ints("--widths", widths)).inputChannels((int) sample.get(0))
                .classes(sets.train().classes());
        int classes = sets.train().classes();
        boolean placed = strategy.equals("modelparallel");
        // the strategy that trains decides the network; under modelparallel its blocks have --k functions
        return switch (trained()) {
            case "incremental" -> incremental.network(placed ? resnet.functionsPerBlock(modelParallel.k) : resnet,
                    depth != null ? depth : 16, sample, classes);
            case "partitioned" -> partitioned.network(partitionedDepth(), sample, classes);
            default -> placed ? modelParallel.network(multiresDepth(), partitioned.widen, sample, classes)
                    : resnet.build();
        };
    }

    /**
     * Checks every option in its command-line spelling before any data is read or work is done;
     * once per command (the options do not change after parsing, and the checks touch the disk and
     * the engine), though {@link #header()}, {@link #prepare()} and every rollback ask.
     */
    private void validate() {
        if (validated) {
            return;
        }
        check();
        validated = true;
    }

    /**
     * Sets libtorch's intra-op threads on this thread, the one that then trains (libtorch keeps
     * OpenMP's count per thread): {@code --threads}, or the default, so that a run without the
     * option does not inherit a count an earlier run in this JVM set ({@code compare}).
     */
    private void applyThreads() {
        IntraOpThreads.set(threadCount());
    }

    /** The run's intra-op thread count: {@code --threads}, or the default. */
    private int threadCount() {
        return threads != null ? threads : IntraOpThreads.byDefault();
    }

    private void check() {
        if (!List.of("plain", "multilevel", "incremental", "partitioned", "modelparallel").contains(strategy)) {
            throw new InvalidSettingException("--strategy", strategy,
                    "plain, multilevel, incremental, partitioned or modelparallel",
                    "use --strategy plain, multilevel, incremental, partitioned or modelparallel");
        }
        if (strategy.equals("modelparallel")) {
            modelParallel.validate(incremental.arch, multiresDepth(), partitioned.widen, partitioned.offload,
                    partitioned.branches);
        }
        Check.positive("--epochs", epochs);
        if (threads != null) {
            IntraOpThreads.check("--threads", threads);
        }
        if (batchSize != null) {
            Check.positive("--batch-size", batchSize);
        }
        if (lr != null) {
            Check.positive("--lr", lr);
        }
        if (trainLimit != null && trainLimit < 10) {
            throw new InvalidSettingException("--train-limit", trainLimit, "an integer >= 10",
                    "pass at least 10 training images");
        }
        int stages = OptionValues.positiveInts("--blocks", blocks).length;
        if (OptionValues.positiveInts("--widths", widths).length != stages) {
            throw new InvalidSettingException("--widths", widths, "one width per stage of --blocks " + blocks
                    + " (" + stages + ")", "give " + stages + " comma-separated widths");
        }
        if (trained().equals("multilevel")) {
            cycleUnitIsSteps();
            if (cycleEnds != null) {
                Check.increasing("--cycle-ends", OptionValues.ints("--cycle-ends", cycleEnds));
            } else {
                OptionValues.positiveInts("--cycles", cycles);
            }
            OptionValues.rateRange("--eta-max", etaMax, "--eta-min", etaMin);
        }
        if (trained().equals("incremental")) {
            incremental.validate();
        }
        if (trained().equals("partitioned")) {
            partitioned.validate(partitionedDepth(), batchSize, lr);
        }
        Check.positive("--divergence-check", divergenceCheck);
        Check.positive("--keep-checkpoints", keepCheckpoints);
        Check.nonNegative("--checkpoint-every-steps", checkpointEverySteps);
        if (resume && checkpointDir == null) {
            throw new InvalidSettingException("--resume", true, "--resume together with --checkpoint-dir DIR",
                    "add --checkpoint-dir with the directory of the run to continue");
        }
        Check.nonNegative("--rollbacks", rollbacks);
        if (rollbacks > 0 && checkpointDir == null) {
            throw new InvalidSettingException("--rollbacks", rollbacks, "--rollbacks together with --checkpoint-dir DIR",
                    "add --checkpoint-dir (a rollback goes back to the last checkpoint)");
        }
        Check.positive("--lr-scale", lrScale);
        if (report != null) {
            OutputDirs.checkWritable("--report", report);
        }
        if (checkpointDir != null) {
            OutputDirs.checkWritable("--checkpoint-dir", checkpointDir);
        }
        OptionScope.check(command == null ? null : command.commandLine().getParseResult(), strategy, trained(),
                network());
    }

    /**
     * The network the run builds: resnet, vgg, monolith, multires, or multires-resnet (a growing
     * ResNet of --blocks and --widths with --k functions per block, under modelparallel).
     */
    private String network() {
        return switch (strategy) {
            case "incremental" -> "vgg".equals(incremental.arch) ? "vgg" : "resnet";
            case "partitioned" -> "monolith";
            case "modelparallel" -> switch (trained()) {
                case "partitioned" -> "monolith";
                case "incremental" -> "multires-resnet";
                default -> "multires";
            };
            default -> "resnet";
        };
    }

    /**
     * Builds and fits the run, rolling back on divergence if {@code --rollbacks} asks for it.
     *
     * @return the report
     */
    public TrainingReport fit() {
        return rollbacks > 0
                ? DivergenceRollback.fit(() -> prepare().run(), rollbacks)
                : prepare().run().fit();
    }

    /**
     * Adds where the run came from (the command line, versions) to the provenance its report
     * records.
     *
     * @param entries name to value
     */
    void provenance(Map<String, String> entries) {
        this.provenance = new java.util.LinkedHashMap<>(entries);
    }

    /**
     * Has the run write its trained network into a directory at the end ({@code --save}), through
     * the library's {@code TrainingRun.Builder.save}; checks the directory now, before any work.
     *
     * @param dir the {@code --save} directory, or null
     */
    void saveTo(Path dir) {
        if (dir != null) {
            OutputDirs.checkWritable("--save", dir);
        }
        this.save = dir;
    }

    private int multiresDepth() {
        return depth != null ? depth : ModelParallelOptions.DEFAULT_DEPTH;
    }

    /** The strategy that trains the network: --strategy, or --inner inside modelparallel. */
    private String trained() {
        return strategy.equals("modelparallel") ? modelParallel.inner() : strategy;
    }

    private int partitionedDepth() {
        return depth != null ? depth : 10;
    }

    private boolean cycleUnitIsSteps() {
        return switch (cycleUnit) {
            case "epochs" -> false;
            case "steps" -> true;
            default -> throw new InvalidSettingException("--cycle-unit", cycleUnit, "epochs or steps",
                    "use --cycle-unit epochs or --cycle-unit steps");
        };
    }

    private TrainingStrategy strategy() {
        return strategy.equals("modelparallel")
                ? modelParallel.strategy(strategy(modelParallel.inner()), partitioned.branches) : strategy(strategy);
    }

    private TrainingStrategy strategy(String name) {
        switch (name) {
            case "plain":
                return PlainStrategy.epochs(epochs);
            case "multilevel":
                MultiLevelInterpolation.Builder b = MultiLevelInterpolation.builder().eta(etaMax, etaMin);
                if (batchSize != null) {
                    b.batchSize(batchSize);
                }
                boolean steps = cycleUnitIsSteps();
                if (cycleEnds != null) {
                    int[] ends = OptionValues.ints("--cycle-ends", cycleEnds);
                    return (steps ? b.cycleEndSteps(ends) : b.cycleEnds(ends)).build();
                }
                int[] lengths = OptionValues.ints("--cycles", cycles);
                return (steps ? b.cycleStepLengths(lengths) : b.cycleLengths(lengths)).build();
            case "incremental":
                return incremental.strategy(batchSize != null ? batchSize : incremental.defaultBatchSize(),
                        lr != null ? lr : 1e-4);
            case "partitioned":
                return partitioned.strategy(batchSize);
            default:
                throw new IllegalStateException("validate() admits only plain, multilevel, incremental and partitioned: "
                        + name);
        }
    }
}
