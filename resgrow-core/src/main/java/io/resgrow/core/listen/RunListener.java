package io.resgrow.core.listen;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import java.util.function.DoubleSupplier;

/** Hears what a run does. Every method has an empty default, so a listener overrides only what it needs. */
public interface RunListener {

    /**
     * A step finished. Called on the training thread: keep it cheap.
     *
     * @param step what the step was
     */
    default void onStep(StepInfo step) {}

    /**
     * A batch of a validation or test pass was evaluated. Called on the training thread: keep it
     * cheap.
     *
     * @param evaluation where the pass stands
     */
    default void onEvaluation(EvaluationInfo evaluation) {}

    /**
     * An epoch finished.
     *
     * @param record the epoch
     */
    default void onEpoch(EpochRecord record) {}

    /**
     * Something happened (phase start, freeze, growth, checkpoint).
     *
     * @param event the event
     */
    default void onEvent(RunEvent event) {}

    /**
     * The run finished.
     *
     * @param report the report
     */
    default void onEnd(TrainingReport report) {}

    /**
     * Where a step stands, for progress display.
     *
     * @param phase the phase's name
     * @param epoch the 1-based run epoch
     * @param step the 1-based step within the epoch
     * @param steps the number of steps in the epoch
     * @param samples the samples in the step
     * @param nanos the step's wall time in nanoseconds
     * @param waitNanos the part of {@code nanos} the training thread spent waiting for the step's
     *     batch (0 when the prefetch thread had it ready: the host data path kept up)
     * @param epochLoss the mean training loss of the epoch so far; calling it reads the device (a
     *     synchronisation), so call it only when you show it
     */
    record StepInfo(
            String phase,
            int epoch,
            int step,
            int steps,
            int samples,
            long nanos,
            long waitNanos,
            DoubleSupplier epochLoss) {

        /**
         * A step whose wait for its batch was not measured (0), as the record was before it held one.
         *
         * @param phase the phase's name
         * @param epoch the 1-based run epoch
         * @param step the 1-based step within the epoch
         * @param steps the number of steps in the epoch
         * @param samples the samples in the step
         * @param nanos the step's wall time in nanoseconds
         * @param epochLoss the mean training loss of the epoch so far
         */
        public StepInfo(
                String phase, int epoch, int step, int steps, int samples, long nanos, DoubleSupplier epochLoss) {
            this(phase, epoch, step, steps, samples, nanos, 0L, epochLoss);
        }
    }

    /**
     * Where a validation or test pass stands, for progress display.
     *
     * @param set {@code "validation"} (after each epoch) or {@code "test"} (once, at the end)
     * @param phase the phase whose epoch is validated, or {@code "end"} for the test pass
     * @param epoch the 1-based run epoch just trained
     * @param done the samples evaluated so far, rising to {@code total}
     * @param total the samples of the pass
     * @param nanos the pass's wall time so far in nanoseconds
     */
    record EvaluationInfo(String set, String phase, int epoch, long done, long total, long nanos) {}
}
