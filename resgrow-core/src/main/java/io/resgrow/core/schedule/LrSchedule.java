package io.resgrow.core.schedule;

import io.resgrow.core.check.Check;

/**
 * A learning rate as a pure function of the position in a phase. Having no hidden state, a
 * schedule resumes exactly from the position a checkpoint records (phase, epoch, step).
 */
@FunctionalInterface
public interface LrSchedule {

    /**
     * Returns the learning rate for a step.
     *
     * @param epoch the 0-based epoch within the phase
     * @param step the 0-based step within the epoch
     * @param stepsPerEpoch the number of steps in an epoch
     * @return the learning rate
     */
    double rate(int epoch, int step, int stepsPerEpoch);

    /**
     * A constant rate.
     *
     * @param lr the rate
     * @return the schedule
     */
    static LrSchedule constant(double lr) {
        Check.positive("learningRate", lr);
        return new Constant(lr);
    }

    /** A constant learning rate. @param lr the rate */
    record Constant(double lr) implements LrSchedule {
        @Override
        public double rate(int epoch, int step, int stepsPerEpoch) {
            return lr;
        }
    }
}
