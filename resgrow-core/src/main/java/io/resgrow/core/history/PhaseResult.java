package io.resgrow.core.history;

import java.util.List;

/**
 * What a finished phase did.
 *
 * @param ordinal the phase's 0-based position in the run
 * @param name the phase's name
 * @param epochs the epochs it ran (the last one partly if a step limit ended it)
 * @param steps the optimizer steps it ran
 * @param seconds its wall time: from the end of the previous phase's last epoch (or the start of
 *     the run) to the end of its own last epoch, so structural changes made before it (growth,
 *     freezing) count towards it
 * @param flops the training FLOPs it spent
 * @param validationAccuracy validation accuracy after each of its epochs (NaN without validation)
 */
public record PhaseResult(
        int ordinal,
        String name,
        int epochs,
        long steps,
        double seconds,
        double flops,
        List<Double> validationAccuracy) {

    /** Copies the list. */
    public PhaseResult {
        validationAccuracy = List.copyOf(validationAccuracy);
    }

    /**
     * Returns the last validation accuracy.
     *
     * @return the accuracy, NaN if none
     */
    public double lastValidationAccuracy() {
        return validationAccuracy.isEmpty() ? Double.NaN : validationAccuracy.get(validationAccuracy.size() - 1);
    }
}
