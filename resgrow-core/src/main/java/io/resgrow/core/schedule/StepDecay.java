package io.resgrow.core.schedule;

import io.resgrow.core.check.Check;

/**
 * Multiplies the rate by {@code factor} every {@code every} epochs: {@code lr(e) = base *
 * factor^floor(e / every)}.
 *
 * @param base the initial rate
 * @param factor the multiplier
 * @param every the period in epochs
 */
public record StepDecay(double base, double factor, int every) implements LrSchedule {

    /** Validates the settings. */
    public StepDecay {
        Check.positive("base", base);
        Check.positive("factor", factor);
        Check.positive("every", every);
    }

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        return base * Math.pow(factor, epoch / every);
    }
}
