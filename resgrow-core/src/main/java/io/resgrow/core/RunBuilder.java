package io.resgrow.core;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.TrainingConfig;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.loss.Loss;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.config.DjlConfig;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.metric.Objective;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.schedule.LrSchedule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The fluent builder of a {@link TrainingRun}, from {@link ResGrow#train}; {@link #fit()} builds and
 * runs in one call.
 */
public final class RunBuilder extends DataSetters {

    RunBuilder(Block network, Shape inputShape) {
        super(new RunDraft(Check.notNull("network", network), Check.notNull("inputShape", inputShape)));
    }

    RunBuilder(Model model) {
        super(new RunDraft(blockOf(model), null));
        d.model = model;
    }

    private static Block blockOf(Model model) {
        Check.notNull("model", model);
        if (model.getBlock() == null) {
            throw new InvalidSettingException(
                    "model.getBlock()", "null", "a model whose block is set", "call model.setBlock(yourBlock) first");
        }
        return model.getBlock();
    }

    /**
     * Takes what a DJL {@code TrainingConfig} says (see {@link DjlConfig}): the loss, the evaluators,
     * the devices, the initializers, the optimizer with its learning rate tracker (DJL's {@code Sgd}
     * or {@code Adam}, as the run's default optimizer and schedule) and the listeners resgrow stands
     * in for; anything it cannot honour is refused here with a typed error. Settings made after this
     * call replace the config's. A strategy that sets its own optimizer for each phase (the
     * partitioned one) refuses a config's optimizer that was chosen ({@code optOptimizer}) and
     * leaves DJL's default Adam aside, saying so in the report's provenance.
     *
     * @param config e.g. a {@code DefaultTrainingConfig}
     * @return this builder
     */
    public RunBuilder config(TrainingConfig config) {
        DjlConfig c = DjlConfig.read(config);
        d.loss = c.loss();
        d.evaluators.clear();
        d.evaluators.addAll(c.evaluators());
        d.devices = c.devices();
        d.initializers = c.initializers();
        d.optimizer = c.optimizer();
        d.schedule = c.schedule();
        d.explicit.add(RunSetting.SCHEDULE);
        d.optimizerFromConfig = true;
        d.configDefaultOptimizer = c.defaultOptimizer();
        return this;
    }

    /**
     * Sets the strategy (default: plain training for one epoch).
     *
     * @param strategy the strategy
     * @return this builder
     */
    public RunBuilder strategy(TrainingStrategy strategy) {
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
    public RunBuilder optimizer(NamedOptimizer optimizer) {
        d.optimizer = optimizer;
        return this;
    }

    /**
     * Sets the loss to minimise (default: DJL's softmax cross-entropy on integer class labels),
     * evaluated as DJL's {@code Trainer} evaluates it. Validation and test report its mean per
     * sample; every strategy's phases minimise it (a partitioned run's proxy heads included).
     *
     * @param loss a DJL loss, e.g. {@code Loss.l2Loss()} for a one-output network
     * @return this builder
     */
    public RunBuilder loss(Loss loss) {
        d.loss = Check.notNull("loss", loss);
        return this;
    }

    /**
     * Adds DJL evaluators, computed on the training batches of every epoch, on validation after
     * every epoch and on the test set (see {@link Objective}); their values land in each {@code
     * EpochRecord}'s metrics, in the report's test metrics, in {@code report.json} and in the
     * report's charts.
     *
     * @param evaluators e.g. {@code new Accuracy(), new TopKAccuracy(3)}
     * @return this builder
     */
    public RunBuilder evaluators(Evaluator... evaluators) {
        d.evaluators.addAll(List.of(Check.notNull("evaluators", evaluators)));
        return this;
    }

    /**
     * Sets the default learning rate schedule (default: constant 0.05; see {@link StrategySetting}).
     *
     * @param schedule the schedule
     * @return this builder
     */
    public RunBuilder schedule(LrSchedule schedule) {
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
    public RunBuilder batchSize(int batchSize) {
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
    public RunBuilder evalBatchSize(int evalBatchSize) {
        d.evalBatchSize = Check.positive("evalBatchSize", evalBatchSize);
        return this;
    }

    /**
     * Sets a deterministic change for every batch, training and evaluation (normalisation).
     *
     * @param preprocess the change
     * @return this builder
     */
    public RunBuilder preprocess(BatchTransform preprocess) {
        d.preprocess = preprocess;
        return this;
    }

    /**
     * Sets a random change for training batches (augmentation).
     *
     * @param augment the change
     * @return this builder
     */
    public RunBuilder augment(BatchTransform augment) {
        d.augment = augment;
        return this;
    }

    /**
     * Sets the seed of initialisation, data order and augmentation (default 42).
     *
     * @param seed the seed
     * @return this builder
     */
    public RunBuilder seed(long seed) {
        d.seed = seed;
        return this;
    }

    /**
     * Sets the devices (default: all GPUs, else the CPU).
     *
     * @param devices the devices
     * @return this builder
     */
    public RunBuilder devices(Device... devices) {
        d.devices = devices;
        return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public RunBuilder listener(RunListener listener) {
        d.listeners.add(listener);
        return this;
    }

    /**
     * Drops the default listener (SLF4J logging of events, epochs and the result).
     *
     * @return this builder
     */
    public RunBuilder quiet() {
        d.defaultListeners = false;
        return this;
    }

    /**
     * Writes checkpoints into a directory at every epoch end.
     *
     * @param dir the directory
     * @return this builder
     */
    public RunBuilder checkpoints(Path dir) {
        d.checkpointDir = dir;
        return this;
    }

    /**
     * Also writes a checkpoint every {@code steps} steps.
     *
     * @param steps the period, 0 for epoch ends only
     * @return this builder
     */
    public RunBuilder checkpointEverySteps(int steps) {
        d.checkpointEverySteps = steps;
        return this;
    }

    /**
     * Continues from the newest checkpoint in the checkpoint directory, if there is one.
     *
     * @param resume true to resume
     * @return this builder
     */
    public RunBuilder resume(boolean resume) {
        d.resume = resume;
        return this;
    }

    /**
     * Sets how many verified checkpoints to keep (default 2).
     *
     * @param keep >= 1
     * @return this builder
     */
    public RunBuilder keepCheckpoints(int keep) {
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
    public RunBuilder divergenceCheck(int steps) {
        d.divergenceCheck = steps;
        return this;
    }

    /**
     * Multiplies every phase's learning rate (default 1; {@link DivergenceRollback} lowers it).
     *
     * @param scale a finite number > 0
     * @return this builder
     */
    public RunBuilder learningRateScale(double scale) {
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
    public RunBuilder resumeWithChanges(boolean allow) {
        d.resumeWithChanges = allow;
        return this;
    }

    /**
     * Writes {@code report.json} into a directory at the end.
     *
     * @param dir the directory
     * @return this builder
     */
    public RunBuilder report(Path dir) {
        d.reportDir = dir;
        return this;
    }

    /**
     * Adds entries (e.g. the command line) to the provenance the report records.
     *
     * @param entries name to value
     * @return this builder
     */
    public RunBuilder provenance(Map<String, String> entries) {
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
    public RunBuilder comparedOnResume(Map<String, String> entries) {
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
    public RunBuilder save(Path dir) {
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
        return new TrainingRun(d, settings);
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
