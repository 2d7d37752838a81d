package io.resgrow.core.schedule;

import io.resgrow.core.check.Check;

/**
 * Multiplies the base rate by {@code factor} at each of the given epochs (e.g. 0.1 at epochs 80 and
 * 120): {@code lr(e) = base * factor^(number of milestones <= e)}.
 *
 * @param base the initial rate
 * @param factor the multiplier applied at each milestone
 * @param milestones strictly increasing epochs (0-based epoch at which the new rate starts)
 */
public record MultiStep(double base, double factor, int[] milestones) implements LrSchedule {

    /** Validates the settings. */
    public MultiStep {
        Check.positive("base", base);
        Check.positive("factor", factor);
        milestones = Check.increasing("milestones", milestones).clone();
    }

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        int passed = 0;
        for (int m : milestones) {
            if (epoch >= m) {
                passed++;
            }
        }
        return base * Math.pow(factor, passed);
    }
}
