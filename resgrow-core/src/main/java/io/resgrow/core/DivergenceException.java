package io.resgrow.core;

import java.util.Locale;

/**
 * Training diverged: the loss (or a parameter) became NaN or infinite. Thrown no later than the
 * first host read of the loss after it happened (every {@link RunBuilder#divergenceCheck}
 * steps, and at every epoch end and checkpoint), before any checkpoint or final hash of non-finite
 * values is written; the checkpoints on disk are the last finite state.
 */
public class DivergenceException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String phase;
    private final int epoch;
    private final int step;

    /**
     * Creates the error for a run that writes checkpoints.
     *
     * @param phase the phase's name
     * @param epoch the 1-based run epoch
     * @param firstStep the first step (1-based, in the epoch) since the last finite read
     * @param step the step (1-based, in the epoch) at which it was found, 0 for the phase's end
     * @param what what was found, e.g. "the mean training loss is NaN"
     */
    public DivergenceException(String phase, int epoch, int firstStep, int step, String what) {
        this(phase, epoch, firstStep, step, what, true);
    }

    /**
     * Creates the error.
     *
     * @param phase the phase's name
     * @param epoch the 1-based run epoch
     * @param firstStep the first step (1-based, in the epoch) since the last finite read
     * @param step the step (1-based, in the epoch) at which it was found, 0 for the phase's end
     * @param what what was found, e.g. "the mean training loss is NaN"
     * @param checkpoints whether the run writes checkpoints (the fix then says to resume from one)
     */
    public DivergenceException(String phase, int epoch, int firstStep, int step, String what, boolean checkpoints) {
        super(String.format(
                Locale.ROOT,
                "Training diverged in phase %s, epoch %d, %s: %s. %s Fix: lower the"
                        + " learning rate (e.g. by 10x) and %s, or check the data for NaN or extreme values.",
                phase,
                epoch,
                where(firstStep, step),
                what,
                checkpoints ? "No checkpoint of these values was written." : "The run wrote no checkpoints.",
                checkpoints
                        ? "resume from the last checkpoint"
                        : "train again (with a checkpoint directory a" + " run can resume instead of starting over)"));
        this.phase = phase;
        this.epoch = epoch;
        this.step = step;
    }

    private static String where(int firstStep, int step) {
        if (step == 0) {
            return "at its end";
        }
        return firstStep == step ? "step " + step : "steps " + firstStep + "-" + step;
    }

    /**
     * Returns the phase.
     *
     * @return its name
     */
    public String phase() {
        return phase;
    }

    /**
     * Returns the run epoch.
     *
     * @return 1-based
     */
    public int epoch() {
        return epoch;
    }

    /**
     * Returns the step at which divergence was found.
     *
     * @return 1-based within the epoch
     */
    public int step() {
        return step;
    }
}
