package io.resgrow.core.stop;

import io.resgrow.core.check.Check;
import java.util.List;

/**
 * Decides at the end of each epoch whether a phase is done. Rules are pure functions of the
 * progress, so a resumed run decides exactly as the original one would have.
 */
@FunctionalInterface
public interface StoppingRule {

    /**
     * Returns whether the phase should stop now.
     *
     * @param progress the phase's progress
     * @return true to stop
     */
    boolean shouldStop(PhaseProgress progress);

    /**
     * Stops when either rule says so.
     *
     * @param other the other rule
     * @return the combination
     */
    default StoppingRule or(StoppingRule other) {
        return p -> shouldStop(p) || other.shouldStop(p);
    }

    /**
     * Returns this rule reading another validation value in the place of the accuracy: an
     * evaluator's, by its DJL name, where higher is better (a top-k accuracy, say). The slope
     * criterion and the target rule then watch that value.
     *
     * @param evaluator the evaluator's name ({@code getName()}), e.g. {@code "top3"}
     * @return the rule
     */
    default StoppingRule reading(String evaluator) {
        return new Reading(this, evaluator, false);
    }

    /**
     * Returns this rule reading a validation value where lower is better, negated: the run's
     * {@code "loss"}, or an error-like evaluator (a regression run stops on its validation loss this
     * way).
     *
     * @param name {@code "loss"} or the evaluator's name
     * @return the rule
     */
    default StoppingRule readingLowerIsBetter(String name) {
        return new Reading(this, name, true);
    }

    /**
     * A rule that reads another validation value than the accuracy.
     *
     * @param rule the rule
     * @param name the value's name
     * @param negated whether the value is negated first (lower is better)
     */
    record Reading(StoppingRule rule, String name, boolean negated) implements StoppingRule {
        @Override
        public boolean shouldStop(PhaseProgress progress) {
            return rule.shouldStop(progress.reading(name, negated));
        }
    }

    /**
     * Stops after a fixed number of epochs.
     *
     * @param epochs the number of epochs, >= 1
     * @return the rule
     */
    static StoppingRule epochs(int epochs) {
        Check.positive("epochs", epochs);
        return new FixedEpochs(epochs);
    }

    /** Stops after a fixed number of epochs of the phase. @param epochs the count */
    record FixedEpochs(int epochs) implements StoppingRule {
        @Override
        public boolean shouldStop(PhaseProgress progress) {
            return progress.epochs() >= epochs;
        }
    }

    /**
     * Stops once validation has not improved for {@code patience} epochs: the best value of the
     * last {@code patience} epochs is no higher than the best before them (NaN, no validation, never
     * stops). Combine it with a cap: {@code plateau(3).or(epochs(40))}.
     *
     * @param patience epochs without improvement, >= 1
     * @return the rule
     */
    static StoppingRule plateau(int patience) {
        Check.positive("patience", patience);
        return new Plateau(patience);
    }

    /** Stops when validation stops improving. @param patience epochs without improvement */
    record Plateau(int patience) implements StoppingRule {
        @Override
        public boolean shouldStop(PhaseProgress progress) {
            List<Double> v = progress.validationAccuracy();
            int n = v.size();
            if (n <= patience) {
                return false;
            }
            double before = v.subList(0, n - patience).stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElse(Double.NaN);
            double recent = v.subList(n - patience, n).stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElse(Double.NaN);
            return !Double.isNaN(before) && !Double.isNaN(recent) && recent <= before;
        }
    }

    /**
     * Stops once the latest validation accuracy reaches a target.
     *
     * @param accuracy the target in (0, 1]
     * @return the rule
     */
    static StoppingRule targetAccuracy(double accuracy) {
        Check.inRange("targetAccuracy", accuracy, 0, 1, false);
        return p -> {
            var acc = p.validationAccuracy();
            return !acc.isEmpty() && acc.get(acc.size() - 1) >= accuracy;
        };
    }
}
