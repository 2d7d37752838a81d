package io.resgrow.core.stop;

import io.resgrow.core.check.Check;

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
