package io.resgrow.core;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.check.Check;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.network.SavedNetwork;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.schedule.LrSchedule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training run of a network with a strategy. Build it with {@link ResGrow#train}, then call
 * {@link #fit()}.
 */
public final class TrainingRun {

    private final Block network;
    private final RunSettings settings;
    private final Path reportDir;
    private final Path saveDir;
    private final Map<String, String> extraProvenance;
    private final Map<String, String> compared;
    private Block trained;
    private TrainingReport last;

    private TrainingRun(
            Block network,
            RunSettings settings,
            Path reportDir,
            Path saveDir,
            Map<String, String> extraProvenance,
            Map<String, String> compared) {
        this.extraProvenance = new LinkedHashMap<>(extraProvenance);
        this.compared = new LinkedHashMap<>(compared);
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
        SavedNetwork.Card card = new SavedNetwork.Card(
                SavedNetwork.FORMAT,
                SavedNetwork.architectureOf(trained),
                settings.inputShape().getShape(),
                settings.train().classes(),
                settings.preprocess().settings(),
                last.strategy(),
                last.testAccuracy());
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
        return RunExecution.run(network, settings, compared, extraProvenance, outcome -> {
                    TrainingReport report = outcome.report();
                    if (reportDir != null) {
                        report.writeJson(reportDir);
                    }
                    this.trained = outcome.trained();
                    this.last = report;
                    if (saveDir != null) {
                        save(saveDir);
                    }
                    settings.listeners().onEnd(report);
                })
                .report();
    }

    /** The fluent builder; {@link #fit()} builds and runs in one call. */
    public static final class Builder {
        private final RunDraft d;

        Builder(Block network, Shape inputShape) {
            this.d = new RunDraft(Check.notNull("network", network), Check.notNull("inputShape", inputShape));
        }

        /**
         * Sets training and validation data.
         *
         * @param train training data
         * @param validation validation data, or null
         * @return this builder
         */
        public Builder on(BatchSource train, BatchSource validation) {
            d.train = train;
            d.validation = validation;
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
            d.test = test;
            return this;
        }

        /**
         * Sets the strategy (default: plain training for one epoch).
         *
         * @param strategy the strategy
         * @return this builder
         */
        public Builder strategy(TrainingStrategy strategy) {
            d.strategy = strategy;
            return this;
        }

        /**
         * Sets the default optimizer (default: SGD, momentum 0.9, weight decay 5e-4 on weights);
         * how it meets a strategy's own: {@link StrategySetting}.
         *
         * @param optimizer the optimizer
         * @return this builder
         */
        public Builder optimizer(NamedOptimizer optimizer) {
            d.optimizer = optimizer;
            return this;
        }

        /**
         * Sets the default learning rate schedule (default: constant 0.05; see {@link StrategySetting}).
         *
         * @param schedule the schedule
         * @return this builder
         */
        public Builder schedule(LrSchedule schedule) {
            d.schedule = schedule;
            d.explicit.add(RunSetting.SCHEDULE);
            return this;
        }

        /**
         * Sets the default batch size (default 128; see {@link StrategySetting}).
         *
         * @param batchSize >= 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            d.batchSize = batchSize;
            d.explicit.add(RunSetting.BATCH_SIZE);
            return this;
        }

        /**
         * Sets the evaluation batch size (default: the training batch size; a new shape costs a warm-up).
         *
         * @param evalBatchSize >= 1
         * @return this builder
         */
        public Builder evalBatchSize(int evalBatchSize) {
            d.evalBatchSize = Check.positive("evalBatchSize", evalBatchSize);
            return this;
        }

        /**
         * Sets a deterministic change for every batch, training and evaluation (normalisation).
         *
         * @param preprocess the change
         * @return this builder
         */
        public Builder preprocess(BatchTransform preprocess) {
            d.preprocess = preprocess;
            return this;
        }

        /**
         * Sets a random change for training batches (augmentation).
         *
         * @param augment the change
         * @return this builder
         */
        public Builder augment(BatchTransform augment) {
            d.augment = augment;
            return this;
        }

        /**
         * Sets the seed of initialisation, data order and augmentation (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            d.seed = seed;
            return this;
        }

        /**
         * Sets the devices (default: all GPUs, else the CPU).
         *
         * @param devices the devices
         * @return this builder
         */
        public Builder devices(Device... devices) {
            d.devices = devices;
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(RunListener listener) {
            d.listeners.add(listener);
            return this;
        }

        /**
         * Drops the default listener (SLF4J logging of events, epochs and the result).
         *
         * @return this builder
         */
        public Builder quiet() {
            d.defaultListeners = false;
            return this;
        }

        /**
         * Writes checkpoints into a directory at every epoch end.
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder checkpoints(Path dir) {
            d.checkpointDir = dir;
            return this;
        }

        /**
         * Also writes a checkpoint every {@code steps} steps.
         *
         * @param steps the period, 0 for epoch ends only
         * @return this builder
         */
        public Builder checkpointEverySteps(int steps) {
            d.checkpointEverySteps = steps;
            return this;
        }

        /**
         * Continues from the newest checkpoint in the checkpoint directory, if there is one.
         *
         * @param resume true to resume
         * @return this builder
         */
        public Builder resume(boolean resume) {
            d.resume = resume;
            return this;
        }

        /**
         * Sets how many verified checkpoints to keep (default 2).
         *
         * @param keep >= 1
         * @return this builder
         */
        public Builder keepCheckpoints(int keep) {
            d.keepCheckpoints = Check.positive("keepCheckpoints", keep);
            return this;
        }

        /**
         * Sets how often (in steps, default 10) the loss is read on the host to stop a diverged run;
         * each read waits for the device (see {@link DivergenceException}).
         *
         * @param steps >= 1
         * @return this builder
         */
        public Builder divergenceCheck(int steps) {
            d.divergenceCheck = steps;
            return this;
        }

        /**
         * Multiplies every phase's learning rate (default 1; {@link DivergenceRollback} lowers it).
         *
         * @param scale a finite number > 0
         * @return this builder
         */
        public Builder learningRateScale(double scale) {
            d.learningRateScale = Check.positive("learningRateScale", scale);
            return this;
        }

        /**
         * Returns the learning-rate factor set so far.
         *
         * @return the factor
         */
        public double learningRateScale() {
            return d.learningRateScale;
        }

        /**
         * Allows a resume whose settings (not network) differ from the checkpoint's; the report
         * records the changes.
         *
         * @param allow true to allow
         * @return this builder
         */
        public Builder resumeWithChanges(boolean allow) {
            d.resumeWithChanges = allow;
            return this;
        }

        /**
         * Writes {@code report.json} into a directory at the end.
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder report(Path dir) {
            d.reportDir = dir;
            return this;
        }

        /**
         * Adds entries (e.g. the command line) to the provenance the report records.
         *
         * @param entries name to value
         * @return this builder
         */
        public Builder provenance(Map<String, String> entries) {
            d.provenance.putAll(entries);
            return this;
        }

        /**
         * Adds settings from outside the run that change its results (the engine's thread count):
         * checkpoints record them and a resume compares them like the run's own.
         *
         * @param entries name to value
         * @return this builder
         */
        public Builder comparedOnResume(Map<String, String> entries) {
            d.compared.putAll(entries);
            return this;
        }

        /**
         * Writes the trained network into a directory at the end (see {@link TrainingRun#save});
         * {@link #build()} checks first that the network can describe itself ({@code Rebuildable}).
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder save(Path dir) {
            d.saveDir = dir;
            return this;
        }

        /**
         * Validates the settings.
         *
         * @return the run, ready to fit
         */
        public TrainingRun build() {
            RunSettings settings = d.settings();
            return new TrainingRun(d.network, settings, d.reportDir, d.saveDir, d.provenance, d.compared);
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
