package io.resgrow.core.stop;

import java.util.List;

/**
 * What a stopping rule sees at the end of an epoch of a phase.
 *
 * @param epochs epochs completed in this phase
 * @param validationAccuracy validation accuracy after each completed epoch of this phase (NaN where
 *     no validation set was given)
 * @param runFlops training FLOPs spent by the whole run so far
 * @param runSeconds wall time spent by the whole run so far
 * @param runEpochs epochs completed by the whole run so far
 */
public record PhaseProgress(
        int epochs, List<Double> validationAccuracy, double runFlops, double runSeconds, int runEpochs) {

    /** Copies the list. */
    public PhaseProgress {
        validationAccuracy = List.copyOf(validationAccuracy);
    }
}
