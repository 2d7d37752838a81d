package io.resgrow.core.listen;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;

/** Hears what a run does. Every method has an empty default, so a listener overrides only what it needs. */
public interface TrainingListener {

    /**
     * A step finished. Called on the training thread: keep it cheap.
     *
     * @param step what the step was
     */
    default void onStep(StepInfo step) {}

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
     * @param epochLoss the mean training loss of the epoch so far; calling it reads the device (a
     *     synchronisation), so call it only when you show it
     */
    record StepInfo(String phase, int epoch, int step, int steps, int samples, long nanos,
            java.util.function.DoubleSupplier epochLoss) {}
}
