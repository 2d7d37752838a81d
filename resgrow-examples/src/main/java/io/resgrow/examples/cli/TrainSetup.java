package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.DivergenceRollback;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.cluster.LocalSgdPlan;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.datasets.augment.ChannelNormalize;
import io.resgrow.datasets.augment.RandomFlip;
import io.resgrow.datasets.augment.RandomShift;
import io.resgrow.datasets.split.Subsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/** The run a strategy subcommand describes: checked once, then prepared (again on every rollback) and fitted. */
public final class TrainSetup {

    private final RunCommand command;

    private final RunOptions options;

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
    public record Prepared(Block network, RunBuilder run, BatchSource test, ChannelNormalize normalize) {}

    TrainSetup(RunCommand command) {
        this.command = command;
        this.options = command.run;
    }

    /**
     * Returns the options every strategy takes.
     *
     * @return the options
     */
    RunOptions options() {
        return options;
    }

    /**
     * Returns the strategy subcommand that describes the run.
     *
     * @return its spec
     */
    CommandLine.Model.CommandSpec spec() {
        return command.spec;
    }

    /**
     * Returns the strategy's name as {@code --strategy} spells it.
     *
     * @return e.g. plain
     */
    String strategyName() {
        return command.strategyName();
    }

    /**
     * Builds the run the options describe.
     *
     * @return the prepared run
     */
    public Prepared prepare() {
        validate();
        LocalSgdOptions local = command.localSgd();
        if (local != null && local.on()) {
            // analyze, and the benchmarks, prepare a run in this process: they cannot honour --spark
            throw new InvalidSettingException(
                    "--spark",
                    local.spark,
                    "--spark with train only (local SGD trains on the cluster)",
                    "use resgrow train ... --spark, or drop --spark to analyze the run in this process");
        }
        applyThreads();
        DataChoice sets = data();
        BatchSource train = sets.train();
        if (options.trainLimit != null) {
            train = train.limit(options.trainLimit);
        }
        warnIfNothingToResume();
        Subsets.Split split = Subsets.split(train, 0.1, options.seed);
        Shape sample = sets.train().sampleShape();
        Block net = command.network(sample, sets.train().classes());
        ChannelNormalize normalize = ChannelNormalize.fromData(split.train());
        RunBuilder run = ResGrow.train(net, sample)
                .on(split.train(), split.validation())
                .test(sets.test())
                .strategy(command.strategy())
                .preprocess(normalize)
                .augment(
                        options.noAugment
                                ? BatchTransform.identity()
                                : RandomShift.padCrop(2).andThen(new RandomFlip()))
                .seed(options.seed)
                .report(options.report)
                .resume(options.resume)
                .learningRateScale(options.lrScale);
        run.divergenceCheck(options.divergenceCheck);
        // each option goes to the one place that uses it, so the run and the strategy never both
        // hold a batch size, optimizer or schedule (see RunSetting)
        command.configure(run);
        if (command.home() != null) {
            run.devices(command.home());
        }
        if (options.checkpointDir != null) {
            run.checkpoints(options.checkpointDir)
                    .keepCheckpoints(options.keepCheckpoints)
                    .checkpointEverySteps(options.checkpointEverySteps)
                    .resumeWithChanges(options.resumeWithChanges);
        }
        if (options.quiet) {
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
        run.comparedOnResume(Map.of("intraOpThreads", Integer.toString(options.threadCount())));
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
        Shape sample = sets.train().sampleShape();
        LocalSgdOptions local = command.localSgd();
        long params = ParameterCount.learnableOfCopy(
                command.network(sample, sets.train().classes()), sample);
        return String.format(
                Locale.ROOT,
                "device %s, %d threads, %s, %,d parameters%s, strategy %s",
                command.device(),
                IntraOpThreads.current(),
                command.networkName(),
                params,
                command.grows() ? " at the start" : "",
                command.strategy().describe()
                        + (local != null && local.on()
                                ? ", as local SGD on " + local.spark + ": " + local.workers() + " workers, "
                                        + local.localSteps() + " steps per round"
                                : ""));
    }

    /**
     * Builds and fits the run, rolling back on divergence if {@code --rollbacks} asks for it.
     *
     * @return the report
     */
    public TrainingReport fit() {
        LocalSgdOptions local = command.localSgd();
        if (local != null && local.on()) {
            return fitAsLocalSgd(local);
        }
        return options.rollbacks > 0
                ? DivergenceRollback.fit(() -> prepare().run(), options.rollbacks)
                : prepare().run().fit();
    }

    /**
     * Trains the run as local SGD on {@code --spark}'s cluster: the same network, data, split,
     * normalisation, augmentation, epochs and schedule, each of {@code --workers} tasks training
     * {@code --local-steps} steps on its shard between averagings.
     */
    private TrainingReport fitAsLocalSgd(LocalSgdOptions local) {
        validate();
        applyThreads();
        if (save != null) {
            throw new InvalidSettingException(
                    "--save",
                    save,
                    "no --save with --spark (local SGD keeps no saved network yet)",
                    "drop --save, or drop --spark to train in this process");
        }
        DataChoice sets = data();
        Shape sample = sets.train().sampleShape();
        LocalSgdOptions.Recipe recipe = command.localSgdRecipe();
        LocalSgdPlan plan = new LocalSgdPlan(
                command.network(sample, sets.train().classes()),
                sample,
                new CliDataRecipe(options.data, options.seed, options.trainLimit, !options.noAugment),
                sets.test(),
                local.workers(),
                local.localSteps(),
                local.batchSize(options.batchSize, recipe.batchSize()),
                recipe.stages(),
                0.9,
                recipe.weightDecay(),
                recipe.decayOnlyWeights(),
                options.seed,
                options.checkpointDir,
                options.keepCheckpoints,
                options.resume,
                options.report,
                provenance,
                options.quiet ? null : e -> System.out.println(e));
        warnIfNothingToResume();
        try {
            return local.provider().fit(local.spark, plan);
        } catch (InvalidSettingException e) {
            throw LocalSgdOptions.inCommandLineTerms(e);
        }
    }

    /** Says so when --resume finds no checkpoint: the run then starts from the beginning. */
    private void warnIfNothingToResume() {
        if (options.resume && !new CheckpointStore(options.checkpointDir, options.keepCheckpoints).exists()) {
            System.err.println("--resume: no checkpoint in " + options.checkpointDir + ", starting from the beginning");
        }
    }

    /**
     * Adds where the run came from (the command line, versions) to the provenance its report
     * records.
     *
     * @param entries name to value
     */
    void provenance(Map<String, String> entries) {
        this.provenance = new LinkedHashMap<>(entries);
    }

    /**
     * Has the run write its trained network into a directory at the end ({@code --save}), through
     * the library's {@code RunBuilder.save}; checks the directory now, before any work.
     *
     * @param dir the {@code --save} directory, or null
     */
    void saveTo(Path dir) {
        LocalSgdOptions local = command.localSgd();
        if (dir != null && local != null && local.on()) {
            throw new InvalidSettingException(
                    "--save",
                    dir,
                    "no --save with --spark (local SGD keeps no saved network yet)",
                    "drop --save, or drop --spark to train in this process");
        }
        if (dir != null) {
            OutputDirs.checkWritable("--save", dir);
        }
        this.save = dir;
    }

    /** The progress bar of this command (quiet with --quiet or off a terminal). */
    private TerminalProgress progress() {
        if (progress == null) {
            progress = TerminalProgress.forThisProcess(options.quiet);
        }
        return progress;
    }

    /**
     * The data, read once however often the run is prepared (a rollback prepares it again), with
     * {@code --train-limit} checked against it.
     */
    private DataChoice data() {
        if (sets == null) {
            DataChoice read = DataChoice.resolve(options.data, options.seed, progress());
            int count = read.train().count();
            if (options.trainLimit != null && options.trainLimit > count) {
                throw new InvalidSettingException(
                        "--train-limit",
                        options.trainLimit,
                        "at most the " + count + " training images of --data " + options.data,
                        "pass --train-limit " + count + " or less, or drop it to use them all");
            }
            sets = read;
        }
        return sets;
    }

    /**
     * Checks every option in its command-line spelling before any data is read or work is done;
     * once per command (the options do not change after parsing, and the checks touch the disk and
     * the engine), though {@link #header()}, {@link #prepare()} and every rollback ask.
     */
    private void validate() {
        if (!validated) {
            options.check();
            command.check();
            validated = true;
        }
    }

    /**
     * Sets libtorch's intra-op threads on this thread, the one that then trains (libtorch keeps
     * OpenMP's count per thread): {@code --threads}, or the default, so that a run without the
     * option does not inherit a count an earlier run in this JVM set ({@code compare}).
     */
    private void applyThreads() {
        IntraOpThreads.set(options.threadCount());
    }
}
