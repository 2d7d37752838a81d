package io.resgrow.core;

import java.util.List;

/**
 * What a finished phase did.
 *
 * @param ordinal the phase's 0-based position in the run
 * @param name the phase's name
 * @param epochs the epochs it ran
 * @param validationAccuracy validation accuracy after each of its epochs (NaN without validation)
 */
public record PhaseResult(int ordinal, String name, int epochs, List<Double> validationAccuracy) {

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
        return validationAccuracy.isEmpty()
                ? Double.NaN
                : validationAccuracy.get(validationAccuracy.size() - 1);
    }
}
