package io.resgrow.core.stop;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;

/**
 * Budgets over the whole run: stop once the run has spent a number of epochs, training FLOPs or
 * seconds. A budget rule in a phase ends that phase; strategies check {@link #exhausted} to end the
 * run.
 *
 * @param maxEpochs the run's epoch budget ({@code Integer.MAX_VALUE} for none)
 * @param maxFlops the run's training FLOP budget ({@code Double.POSITIVE_INFINITY} for none)
 * @param maxSeconds the run's wall time budget ({@code Double.POSITIVE_INFINITY} for none)
 */
public record Budget(int maxEpochs, double maxFlops, double maxSeconds) implements StoppingRule {

    /** Validates the settings. */
    public Budget {
        Check.positive("maxEpochs", maxEpochs);
        if (!(maxFlops > 0)) {
            throw new InvalidSettingException(
                    "maxFlops", maxFlops, "a number > 0 (infinity for no limit)", "pass a positive FLOP budget");
        }
        if (!(maxSeconds > 0)) {
            throw new InvalidSettingException(
                    "maxSeconds", maxSeconds, "a number > 0 (infinity for no limit)", "pass a positive time budget");
        }
    }

    /**
     * A budget of epochs only.
     *
     * @param epochs the epochs
     * @return the budget
     */
    public static Budget epochs(int epochs) {
        return new Budget(epochs, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * A budget of training FLOPs only.
     *
     * @param flops the FLOPs
     * @return the budget
     */
    public static Budget flops(double flops) {
        return new Budget(Integer.MAX_VALUE, flops, Double.POSITIVE_INFINITY);
    }

    /**
     * A wall time budget only.
     *
     * @param seconds the seconds
     * @return the budget
     */
    public static Budget seconds(double seconds) {
        return new Budget(Integer.MAX_VALUE, Double.POSITIVE_INFINITY, seconds);
    }

    /**
     * Returns whether the run has spent the budget.
     *
     * @param progress the progress
     * @return true if any limit is reached
     */
    public boolean exhausted(PhaseProgress progress) {
        return progress.runEpochs() >= maxEpochs
                || progress.runFlops() >= maxFlops
                || progress.runSeconds() >= maxSeconds;
    }

    @Override
    public boolean shouldStop(PhaseProgress progress) {
        return exhausted(progress);
    }
}
