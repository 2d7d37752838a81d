package io.resgrow.core;

import io.resgrow.core.check.Check;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.checkpoint.Checkpointing;
import io.resgrow.core.checkpoint.ParamsHash;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.data.RunData;
import io.resgrow.core.engine.Devices;
import io.resgrow.core.engine.Evaluator;
import io.resgrow.core.engine.FiniteCheck;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.LoggingListener;
import io.resgrow.core.listen.RunListeners;
import io.resgrow.core.listen.TrainingListener;
import io.resgrow.core.network.SavedNetwork;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.optim.Sgd;
import io.resgrow.core.schedule.LrSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One training run of a network with a strategy. Build it with {@link ResGrow#train}, then call
 * {@link #fit()}.
 */
public final class TrainingRun {

    private final Block network;
    private final RunSettings settings;
    private final Path reportDir;
    private final Path saveDir;
    private final java.util.Map<String, String> extraProvenance;
    private final java.util.Map<String, String> compared;
    private Block trained;
    private TrainingReport last;

    private TrainingRun(Block network, RunSettings settings, Path reportDir, Path saveDir,
            java.util.Map<String, String> extraProvenance, java.util.Map<String, String> compared) {
        this.extraProvenance = new java.util.LinkedHashMap<>(extraProvenance);
        this.compared = new java.util.LinkedHashMap<>(compared);
        this.network = network;
        this.settings = settings;
        this.reportDir = reportDir;
        this.saveDir = saveDir;
    }

    /**
     * Writes the network the last {@link #fit()} trained into a directory: DJL's parameter file
     * and {@code model.json}, from which {@code io.resgrow.models.SavedNetworks.load} builds it
     * again (see {@link SavedNetwork}).
     *
     * @param dir the directory (created if needed)
     * @return the card written
     */
    public SavedNetwork.Card save(Path dir) {
        if (last == null) {
            throw new IllegalStateException("nothing to save: call fit() first");
        }
        SavedNetwork.Card card = new SavedNetwork.Card(SavedNetwork.FORMAT, SavedNetwork.architectureOf(trained),
                settings.inputShape().getShape(), settings.train().classes(), settings.preprocess().settings(),
                last.strategy(), last.testAccuracy());
        SavedNetwork.save(trained, card, dir);
        return card;
    }

    /**
     * Returns the network the run trains (grown in place by the strategies that grow).
     *
     * @return the network
     */
    public Block network() {
        return network;
    }

    /**
     * Returns the settings.
     *
     * @return the validated settings
     */
    public RunSettings settings() {
        return settings;
    }

    /**
     * Runs the strategy, evaluates on the test set and returns the report (also written as {@code
     * report.json} when a report directory was set).
     *
     * @return the report
     */
    public TrainingReport fit() {
        Engine.getInstance().setRandomSeed((int) settings.seed());
        Device device = settings.devices()[0];
        // the network's parameters outlive the run (the caller uses the trained network);
        // release them with network.clear(). Scratch arrays live in sub-managers closed per step.
        NDManager manager = NDManager.newBaseManager(device);
        if (settings.checkpoints() != null) {
            settings.checkpoints().lock();
        }
        TrainingContext context = null;
        try {
            Shape sample = settings.inputShape();
            if (!network.isInitialized()) {
                network.initialize(manager, DataType.FLOAT32, batchOf(sample));
            }
            context = new TrainingContext(network, settings, manager, compared);
            context.prepareResume();
            settings.strategy().run(context);
            context.finishReplay();
            Block trained = context.network();
            String bad = FiniteCheck.firstNonFinite(context.names(null));
            if (bad != null) {
                List<PhaseResult> phases = context.phaseResults();
                throw new DivergenceException(phases.isEmpty() ? "(none)" : phases.get(phases.size() - 1).name(),
                        context.history().epochCount(), 0, 0, "parameter " + bad + " holds NaN or infinite values"
                        + " after the last phase", settings.checkpoints() != null);
            }
            Double test = settings.test() == null
                    ? null
                    : Evaluator.evaluate(trained, settings.test(), settings.evalBatchSize(), device,
                            b -> settings.preprocess().apply(b, null), settings.evaluationListener("test", "end",
                                    context.history().epochCount())).accuracy();
            TrainingReport report = new TrainingReport(
                    settings.strategy().describe(),
                    test,
                    context.seconds(),
                    ParameterCount.learnable(trained),
                    ParamsHash.of(trained),
                    context.history().epochs(),
                    context.history().events(),
                    provenance(context));
            writeReport(report);
            this.trained = trained;
            this.last = report;
            if (saveDir != null) {
                save(saveDir);
            }
            for (TrainingListener l : settings.listenerList()) {
                l.onEnd(report);
            }
            return report;
        } finally {
            if (context != null) {
                context.releaseOptimizers();
            }
            if (settings.checkpoints() != null) {
                settings.checkpoints().close();
            }
        }
    }

    /** The run's settings as a resume compares them, the versions, then what the caller added. */
    private java.util.Map<String, String> provenance(TrainingContext context) {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>(context.provenance());
        p.putAll(RunProvenance.versions());
        p.putAll(extraProvenance);
        return p;
    }

    static Shape batchOf(Shape sample) {
        long[] dims = new long[sample.dimension() + 1];
        dims[0] = 1;
        System.arraycopy(sample.getShape(), 0, dims, 1, sample.dimension());
        return new Shape(dims);
    }

    private void writeReport(TrainingReport report) {
        if (reportDir == null) {
            return;
        }
        try {
            Files.createDirectories(reportDir);
            // an ordinary file (the user's umask), readable like its neighbours: not createTempFile's 600
            Path tmp = reportDir.resolve("report.json.tmp");
            Files.writeString(tmp, report.toJson());
            Files.move(tmp, reportDir.resolve("report.json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report.json in " + reportDir, e);
        }
    }

    /** The fluent builder; {@link #fit()} builds and runs in one call. */
    public static final class Builder {
        private final Block network;
        private final Shape inputShape;
        private BatchSource train;
        private BatchSource validation;
        private BatchSource test;
        private TrainingStrategy strategy = PlainStrategy.epochs(1);
        private NamedOptimizer optimizer;
        private LrSchedule schedule = LrSchedule.constant(0.05);
        private int batchSize = 128;
        /** Batch size and schedule set by the user; the optimizer counts as set when it is not null. */
        private final java.util.Set<RunSetting> explicit = java.util.EnumSet.noneOf(RunSetting.class);
        private int evalBatchSize;
        private BatchTransform preprocess;
        private BatchTransform augment;
        private long seed = 42;
        private Device[] devices;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private boolean defaultListeners = true;
        private Path checkpointDir;
        private int checkpointEverySteps;
        private boolean resume;
        private boolean resumeWithChanges;
        private int keepCheckpoints = 2;
        private int divergenceCheck = 10;
        private double learningRateScale = 1;
        private Path reportDir;
        private Path saveDir;
        private final java.util.Map<String, String> provenance = new java.util.LinkedHashMap<>();
        private final java.util.Map<String, String> compared = new java.util.LinkedHashMap<>();

        Builder(Block network, Shape inputShape) {
            this.network = Check.notNull("network", network);
            this.inputShape = Check.notNull("inputShape", inputShape);
        }

        /**
         * Sets training and validation data.
         *
         * @param train training data
         * @param validation validation data, or null
         * @return this builder
         */
        public Builder on(BatchSource train, BatchSource validation) {
            this.train = train;
            this.validation = validation;
            return this;
        }

        /**
         * Sets training data only.
         *
         * @param train training data
         * @return this builder
         */
        public Builder on(BatchSource train) {
            return on(train, null);
        }

        /**
         * Sets test data, evaluated once at the end.
         *
         * @param test test data
         * @return this builder
         */
        public Builder test(BatchSource test) {
            this.test = test;
            return this;
        }

        /**
         * Sets the strategy (default: plain training for one epoch).
         *
         * @param strategy the strategy
         * @return this builder
         */
        public Builder strategy(TrainingStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        /**
         * Sets the default optimizer (default: SGD, momentum 0.9, weight decay 5e-4 on weights).
         * The run records that it was set: a strategy with an optimizer of its own uses this one
         * only where its own was not set, and refuses the run if both were set and differ (see
         * {@link RunSetting}).
         *
         * @param optimizer the optimizer
         * @return this builder
         */
        public Builder optimizer(NamedOptimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * Sets the default learning rate schedule (default: constant 0.05). Recorded as set: see
         * {@link RunSetting} for how it meets a strategy's own schedule.
         *
         * @param schedule the schedule
         * @return this builder
         */
        public Builder schedule(LrSchedule schedule) {
            this.schedule = schedule;
            explicit.add(RunSetting.SCHEDULE);
            return this;
        }

        /**
         * Sets the default batch size (default 128). Recorded as set: see {@link RunSetting} for how
         * it meets a strategy's own batch size.
         *
         * @param batchSize >= 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            explicit.add(RunSetting.BATCH_SIZE);
            return this;
        }

        /**
         * Sets the evaluation batch size (default: the training batch size, whose kernels the
         * engine has already prepared; a new batch shape costs a warm-up on CPU).
         *
         * @param evalBatchSize >= 1
         * @return this builder
         */
        public Builder evalBatchSize(int evalBatchSize) {
            this.evalBatchSize = Check.positive("evalBatchSize", evalBatchSize);
            return this;
        }

        /**
         * Sets a deterministic change for every batch, training and evaluation (normalisation).
         *
         * @param preprocess the change
         * @return this builder
         */
        public Builder preprocess(BatchTransform preprocess) {
            this.preprocess = preprocess;
            return this;
        }

        /**
         * Sets a random change for training batches (augmentation).
         *
         * @param augment the change
         * @return this builder
         */
        public Builder augment(BatchTransform augment) {
            this.augment = augment;
            return this;
        }

        /**
         * Sets the seed of initialisation, data order and augmentation (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the devices (default: all GPUs, else the CPU).
         *
         * @param devices the devices
         * @return this builder
         */
        public Builder devices(Device... devices) {
            this.devices = devices;
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        /**
         * Drops the default listener (SLF4J logging of events, epochs and the result).
         *
         * @return this builder
         */
        public Builder quiet() {
            defaultListeners = false;
            return this;
        }

        /**
         * Writes checkpoints into a directory at every epoch end.
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder checkpoints(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /**
         * Also writes a checkpoint every {@code steps} steps.
         *
         * @param steps the period, 0 for epoch ends only
         * @return this builder
         */
        public Builder checkpointEverySteps(int steps) {
            this.checkpointEverySteps = steps;
            return this;
        }

        /**
         * Continues from the newest checkpoint in the checkpoint directory, if there is one.
         *
         * @param resume true to resume
         * @return this builder
         */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Sets how many valid checkpoints to keep (default 2); older ones are deleted only once a
         * newer one has been verified on disk.
         *
         * @param keep >= 1
         * @return this builder
         */
        public Builder keepCheckpoints(int keep) {
            this.keepCheckpoints = Check.positive("keepCheckpoints", keep);
            return this;
        }

        /**
         * Sets how often the training loss is read on the host to stop a diverged run (default
         * every 10 steps; it is also read at every epoch end and before every checkpoint). Each
         * read waits for the device, which costs little on a CPU and a pipeline stall on a GPU.
         *
         * @param steps >= 1
         * @return this builder
         */
        public Builder divergenceCheck(int steps) {
            this.divergenceCheck = steps;
            return this;
        }

        /**
         * Multiplies every phase's learning rate by a factor (default 1). Checkpoints record it, so
         * a resume with another factor is a change of settings; {@link DivergenceRollback} lowers
         * it after a divergence.
         *
         * @param scale a finite number > 0
         * @return this builder
         */
        public Builder learningRateScale(double scale) {
            this.learningRateScale = Check.positive("learningRateScale", scale);
            return this;
        }

        /**
         * Returns the learning-rate factor set so far.
         *
         * @return the factor
         */
        public double learningRateScale() {
            return learningRateScale;
        }

        /**
         * Allows a resume whose settings differ from the checkpoint's (by default it is refused
         * with the list of differences); the report records the changes as a {@code
         * resume-changes} event.
         *
         * @param allow true to allow
         * @return this builder
         */
        public Builder resumeWithChanges(boolean allow) {
            this.resumeWithChanges = allow;
            return this;
        }

        /**
         * Writes {@code report.json} into a directory at the end.
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder report(Path dir) {
            this.reportDir = dir;
            return this;
        }

        /**
         * Adds entries to the provenance the report records (e.g. the command line that started
         * the run); they follow the run's own settings and versions, replacing entries of the
         * same name.
         *
         * @param entries name to value
         * @return this builder
         */
        public Builder provenance(java.util.Map<String, String> entries) {
            provenance.putAll(entries);
            return this;
        }

        /**
         * Adds settings from outside the run that change its results, e.g. the engine's intra-op
         * thread count (its reductions split the work by thread): checkpoints record them beside
         * the run's own settings, and a resume whose values differ is refused like any other
         * changed setting (unless changes are allowed). A checkpoint written without an entry
         * counts as a difference.
         *
         * @param entries name to value
         * @return this builder
         */
        public Builder comparedOnResume(java.util.Map<String, String> entries) {
            compared.putAll(entries);
            return this;
        }

        /**
         * Writes the trained network into a directory at the end of the run (see {@link
         * TrainingRun#save}); the network must be one that can describe itself ({@link
         * io.resgrow.core.network.Rebuildable}), which {@link #build()} checks before any work.
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder save(Path dir) {
            this.saveDir = dir;
            return this;
        }

        /**
         * Validates the settings.
         *
         * @return the run, ready to fit
         */
        public TrainingRun build() {
            List<TrainingListener> all = new ArrayList<>();
            if (defaultListeners) {
                all.add(new LoggingListener());
            }
            all.addAll(listeners);
            NamedOptimizer opt = optimizer != null
                    ? optimizer
                    : Sgd.builder().momentum(0.9).weightDecay(5e-4).decayOnlyWeights(true).build();
            java.util.Set<RunSetting> set = java.util.EnumSet.noneOf(RunSetting.class);
            set.addAll(explicit);
            if (optimizer != null) {
                set.add(RunSetting.OPTIMIZER);
            }
            // the training part first: a batch size of 0 is reported as itself, not as the evaluation's
            TrainingSettings training = new TrainingSettings(strategy, opt, schedule, batchSize, seed,
                    devices == null ? Devices.defaults() : devices, divergenceCheck, learningRateScale, set);
            RunData data = new RunData(train, validation, test, inputShape, preprocess, augment,
                    evalBatchSize > 0 ? evalBatchSize : batchSize);
            Checkpointing checkpointing = new Checkpointing(checkpointDir == null ? null
                    : new CheckpointStore(checkpointDir, keepCheckpoints), checkpointEverySteps, resume, resumeWithChanges);
            RunSettings settings = new RunSettings(data, training, checkpointing, new RunListeners(all));
            settings.strategy().checkNetwork(network);
            settings.strategy().checkSettings(settings);
            if (saveDir != null) {
                SavedNetwork.architectureOf(network);
            }
            return new TrainingRun(network, settings, reportDir, saveDir, provenance, compared);
        }

        /**
         * Builds and runs.
         *
         * @return the report
         */
        public TrainingReport fit() {
            return build().fit();
        }
    }
}
