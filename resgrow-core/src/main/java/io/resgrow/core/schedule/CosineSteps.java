package io.resgrow.core.schedule;

import io.resgrow.core.check.Check;

/**
 * One cosine annealing cycle measured in optimizer steps from the start of a phase, for cycles
 * whose length is given in steps rather than epochs: at phase step {@code t = epoch *
 * stepsPerEpoch + step}, {@code lr = etaMin + (etaMax - etaMin) * (1 + cos(pi * t / steps)) / 2};
 * after {@code steps} the rate stays at {@code etaMin}. Pair it with {@code Phase.Builder.steps}
 * of the same length to restart the cosine at every phase, as {@link CosineRestarts} does for
 * cycles in epochs.
 *
 * @param etaMax the rate at the first step
 * @param etaMin the rate reached at the last step
 * @param steps the cycle's length in steps, >= 1
 */
public record CosineSteps(double etaMax, double etaMin, int steps) implements LrSchedule {

    /** Validates the settings. */
    public CosineSteps {
        CosineRestarts.checkRange(etaMax, etaMin);
        Check.positive("steps", steps);
    }

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        return CosineRestarts.anneal(etaMax, etaMin, (double) epoch * stepsPerEpoch + step, steps);
    }
}
