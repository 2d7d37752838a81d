package io.resgrow.core.stop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stopping rule sees at the end of an epoch of a phase.
 *
 * @param epochs epochs completed in this phase
 * @param validationAccuracy validation accuracy after each completed epoch of this phase (NaN where
 *     no validation set was given)
 * @param runFlops training FLOPs spent by the whole run so far
 * @param runSeconds wall time spent by the whole run so far
 * @param runEpochs epochs completed by the whole run so far
 * @param validationMetrics other validation values after each completed epoch of this phase, by
 *     name: {@code loss} (the run's loss) and each DJL evaluator's name (see {@link
 *     StoppingRule#reading})
 */
public record PhaseProgress(
        int epochs,
        List<Double> validationAccuracy,
        double runFlops,
        double runSeconds,
        int runEpochs,
        Map<String, List<Double>> validationMetrics) {

    /** Copies the lists. */
    public PhaseProgress {
        validationAccuracy = List.copyOf(validationAccuracy);
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        if (validationMetrics != null) {
            validationMetrics.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        }
        validationMetrics = Collections.unmodifiableMap(copy);
    }

    /**
     * Makes a progress without other validation values.
     *
     * @param epochs epochs completed in this phase
     * @param validationAccuracy validation accuracy after each completed epoch
     * @param runFlops training FLOPs of the run so far
     * @param runSeconds wall time of the run so far
     * @param runEpochs epochs of the run so far
     */
    public PhaseProgress(
            int epochs, List<Double> validationAccuracy, double runFlops, double runSeconds, int runEpochs) {
        this(epochs, validationAccuracy, runFlops, runSeconds, runEpochs, Map.of());
    }

    /**
     * Returns this progress with another validation value in the place of the accuracy, for rules
     * that read another one ({@link StoppingRule#reading}).
     *
     * @param name {@code loss} or an evaluator's name
     * @param negate true to turn a value to lower (a loss) into one to raise
     * @return the progress as the rule sees it
     * @throws IllegalArgumentException naming the values there are, if there is none of that name
     */
    public PhaseProgress reading(String name, boolean negate) {
        List<Double> values = validationMetrics.get(name);
        if (values == null) {
            if (validationAccuracy.isEmpty()) {
                return this;
            }
            throw new IllegalArgumentException("a stopping rule reads validation value '" + name
                    + "', which the run does not compute; it has " + validationMetrics.keySet()
                    + ": add the DJL evaluator of that name to the run (evaluators(...) or the config's"
                    + " addEvaluator) or read one of those");
        }
        List<Double> read = negate ? values.stream().map(v -> -v).toList() : values;
        return new PhaseProgress(epochs, read, runFlops, runSeconds, runEpochs, validationMetrics);
    }
}
