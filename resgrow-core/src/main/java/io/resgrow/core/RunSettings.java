package io.resgrow.core;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.listen.TrainingListener;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.schedule.LrSchedule;
import java.util.List;

/**
 * The validated, immutable settings of a run; {@link TrainingRun.Builder#build()} makes them. Phases
 * fall back to these values for what they leave unset.
 *
 * @param train the training data
 * @param validation validation data, or null
 * @param test test data, or null
 * @param inputShape the shape of one sample (e.g. 1,28,28)
 * @param strategy the strategy
 * @param optimizer the default optimizer
 * @param schedule the default learning rate schedule
 * @param batchSize the default batch size
 * @param evalBatchSize the batch size for validation and test
 * @param preprocess a deterministic change applied to every batch (training and evaluation), e.g.
 *     normalisation
 * @param augment a random change applied to training batches only
 * @param seed the run seed
 * @param devices the devices (data parallel over all; parameters live on the first)
 * @param listeners who hears the run
 * @param checkpoints where checkpoints go, or null for none
 * @param checkpointEverySteps also checkpoint every this many steps (0: epoch ends only)
 * @param resume whether to continue from the newest checkpoint if there is one
 * @param divergenceCheck read the loss on the host every this many steps to stop a diverged run
 * @param resumeWithChanges whether a resume may change settings (the report records the changes)
 * @param learningRateScale a factor on every phase's learning rate (1; {@link DivergenceRollback}
 *     divides it by 10 at each rollback)
 * @param explicit which of {@code batchSize}, {@code optimizer} and {@code schedule} the user set on
 *     {@link TrainingRun.Builder} (the others hold the run's defaults); a strategy's own value of such
 *     a setting wins, the run's explicit one comes next, the strategy's default last (see {@link
 *     RunSetting#choose})
 */
public record RunSettings(
        BatchSource train,
        BatchSource validation,
        BatchSource test,
        Shape inputShape,
        TrainingStrategy strategy,
        NamedOptimizer optimizer,
        LrSchedule schedule,
        int batchSize,
        int evalBatchSize,
        BatchTransform preprocess,
        BatchTransform augment,
        long seed,
        Device[] devices,
        List<TrainingListener> listeners,
        CheckpointStore checkpoints,
        int checkpointEverySteps,
        boolean resume,
        int divergenceCheck,
        boolean resumeWithChanges,
        double learningRateScale,
        java.util.Set<RunSetting> explicit) {

    /** Validates everything in one place. */
    public RunSettings {
        Check.notNull("train", train);
        Check.notNull("inputShape", inputShape);
        Check.notNull("strategy", strategy);
        Check.notNull("optimizer", optimizer);
        Check.notNull("schedule", schedule);
        Check.positive("batchSize", batchSize);
        Check.positive("evalBatchSize", evalBatchSize);
        if (train.count() == 0) {
            throw new InvalidSettingException(
                    "train", "0 samples", "at least one sample", "pass a non-empty training set");
        }
        if (devices == null || devices.length == 0) {
            throw new InvalidSettingException(
                    "devices", "none", "at least one device", "leave devices unset for the defaults");
        }
        Check.nonNegative("checkpointEverySteps", checkpointEverySteps);
        if (divergenceCheck < 1) {
            throw new InvalidSettingException("divergenceCheck", divergenceCheck,
                    "a step count >= 1", "pass 1 to check the loss every step, or more to check less often");
        }
        Check.positive("learningRateScale", learningRateScale);
        if (resume && checkpoints == null) {
            throw new InvalidSettingException("resume", true, "a checkpoint directory to resume from",
                    "set checkpoints(dir) as well, or drop resume");
        }
        devices = devices.clone();
        explicit = explicit == null || explicit.isEmpty()
                ? java.util.Collections.unmodifiableSet(java.util.EnumSet.noneOf(RunSetting.class))
                : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(explicit));
        listeners = List.copyOf(listeners);
        preprocess = preprocess == null ? BatchTransform.identity() : preprocess;
        augment = augment == null ? BatchTransform.identity() : augment;
    }

    /**
     * Returns an evaluation listener that tells every run listener how a pass advances.
     *
     * @param set {@code "validation"} or {@code "test"}
     * @param phase the phase's name, or {@code "end"}
     * @param epoch the 1-based run epoch just trained
     * @return the listener
     */
    public io.resgrow.core.engine.Evaluator.Listener evaluationListener(String set, String phase, int epoch) {
        return (done, total, nanos) -> {
            TrainingListener.EvaluationInfo info = new TrainingListener.EvaluationInfo(set, phase, epoch, done,
                    total, nanos);
            for (TrainingListener l : listeners) {
                l.onEvaluation(info);
            }
        };
    }

    /**
     * Returns whether the user set a setting on the run's builder (rather than leaving the run's
     * default).
     *
     * @param setting the setting
     * @return true if set explicitly
     */
    public boolean isExplicit(RunSetting setting) {
        return explicit.contains(setting);
    }
}
