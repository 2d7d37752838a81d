package io.resgrow.core;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.Check;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.checkpoint.Checkpointing;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.data.RunData;
import io.resgrow.core.engine.RunEvaluator;
import io.resgrow.core.listen.RunListeners;
import io.resgrow.core.metric.Objective;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.schedule.LrSchedule;
import java.util.Set;

/**
 * The validated, immutable settings of a run, in four parts that each validate themselves; {@link
 * RunBuilder#build()} makes them. Phases fall back to these values for what they leave
 * unset. The accessors below each read one part's value.
 *
 * @param data what the run trains and evaluates on
 * @param training the strategy and the defaults its phases fall back to
 * @param checkpointing where checkpoints go and whether the run resumes
 * @param listeners who hears the run
 */
public record RunSettings(
        RunData data, TrainingSettings training, Checkpointing checkpointing, RunListeners listeners) {

    /** Requires every part. */
    public RunSettings {
        Check.notNull("data", data);
        Check.notNull("training", training);
        Check.notNull("checkpointing", checkpointing);
        Check.notNull("listeners", listeners);
    }

    /** @return the training data */
    public BatchSource train() {
        return data.train();
    }

    /** @return validation data, or null */
    public BatchSource validation() {
        return data.validation();
    }

    /** @return test data, or null */
    public BatchSource test() {
        return data.test();
    }

    /** @return the shape of one sample */
    public Shape inputShape() {
        return data.inputShape();
    }

    /** @return the change applied to every batch */
    public BatchTransform preprocess() {
        return data.preprocess();
    }

    /** @return the random change applied to training batches */
    public BatchTransform augment() {
        return data.augment();
    }

    /** @return the batch size of validation and test */
    public int evalBatchSize() {
        return data.evalBatchSize();
    }

    /** @return the strategy */
    public TrainingStrategy strategy() {
        return training.strategy();
    }

    /** @return the default optimizer */
    public NamedOptimizer optimizer() {
        return training.optimizer();
    }

    /** @return the default learning rate schedule */
    public LrSchedule schedule() {
        return training.schedule();
    }

    /** @return the default batch size */
    public int batchSize() {
        return training.batchSize();
    }

    /** @return the run seed */
    public long seed() {
        return training.seed();
    }

    /** @return the devices */
    public Device[] devices() {
        return training.devices();
    }

    /** @return how many steps between host reads of the loss */
    public int divergenceCheck() {
        return training.divergenceCheck();
    }

    /** @return the factor on every phase's learning rate */
    public double learningRateScale() {
        return training.learningRateScale();
    }

    /** The loss to minimise and the DJL evaluators to report. */
    public Objective objective() {
        return training.objective();
    }

    /** @return which run settings the user set on the run's builder */
    public Set<RunSetting> explicit() {
        return training.explicit();
    }

    /** @return where checkpoints go, or null for none */
    public CheckpointStore checkpoints() {
        return checkpointing.store();
    }

    /** @return the steps between mid-epoch checkpoints (0: epoch ends only) */
    public int checkpointEverySteps() {
        return checkpointing.everySteps();
    }

    /** @return whether to continue from the newest checkpoint */
    public boolean resume() {
        return checkpointing.resume();
    }

    /** @return whether a resume may change settings */
    public boolean resumeWithChanges() {
        return checkpointing.resumeWithChanges();
    }

    /**
     * Returns an evaluation listener that tells every run listener how a pass advances.
     *
     * @param set {@code "validation"} or {@code "test"}
     * @param phase the phase's name, or {@code "end"}
     * @param epoch the 1-based run epoch just trained
     * @return the listener
     */
    public RunEvaluator.Listener evaluationListener(String set, String phase, int epoch) {
        return listeners.evaluation(set, phase, epoch);
    }

    /**
     * Returns whether the user set a setting on the run's builder (rather than leaving the run's
     * default).
     *
     * @param setting the setting
     * @return true if set explicitly
     */
    public boolean isExplicit(RunSetting setting) {
        return training.explicit().contains(setting);
    }
}
