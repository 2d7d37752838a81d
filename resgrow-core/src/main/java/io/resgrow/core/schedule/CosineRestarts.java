package io.resgrow.core.schedule;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;

/**
 * Cosine annealing restarted at every cycle (Loshchilov and Hutter, SGDR; Chang et al. 2018, eq.
 * 9): within a cycle of length {@code T}, at position {@code t}, {@code lr = etaMin + (etaMax -
 * etaMin) * (1 + cos(pi * t / T)) / 2}. Positions are counted in steps when {@code perStep}, else in
 * whole epochs.
 *
 * @param etaMax the rate at the start of each cycle
 * @param etaMin the rate approached at the end of each cycle
 * @param cycleEnds the epochs at which cycles end (strictly increasing; the last one ends the
 *     schedule; later epochs keep the last cycle's final rate)
 * @param perStep whether the rate changes every step rather than every epoch
 */
public record CosineRestarts(double etaMax, double etaMin, int[] cycleEnds, boolean perStep) implements LrSchedule {

    /** Validates the settings. */
    public CosineRestarts {
        checkRange(etaMax, etaMin);
        cycleEnds = Check.increasing("cycleEnds", cycleEnds).clone();
    }

    /**
     * Returns the cycle an epoch belongs to.
     *
     * @param epoch the 0-based epoch
     * @return the 0-based cycle index
     */
    public int cycleOf(int epoch) {
        for (int c = 0; c < cycleEnds.length; c++) {
            if (epoch < cycleEnds[c]) {
                return c;
            }
        }
        return cycleEnds.length - 1;
    }

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        int cycle = cycleOf(epoch);
        int start = cycle == 0 ? 0 : cycleEnds[cycle - 1];
        int length = cycleEnds[cycle] - start;
        double t;
        double total;
        if (perStep) {
            t = (double) (epoch - start) * stepsPerEpoch + step;
            total = (double) length * stepsPerEpoch;
        } else {
            t = epoch - start;
            total = length;
        }
        return anneal(etaMax, etaMin, t, total);
    }

    /**
     * The cosine rate at position {@code t} of a cycle of length {@code total} (positions past the
     * end keep the final rate).
     *
     * @param etaMax the rate at t = 0
     * @param etaMin the rate at t = total
     * @param t the position
     * @param total the cycle's length
     * @return the rate
     */
    static double anneal(double etaMax, double etaMin, double t, double total) {
        double at = Math.min(t, total);
        return etaMin + (etaMax - etaMin) * (1 + Math.cos(Math.PI * at / total)) / 2;
    }

    /** Validates a rate range: etaMax > 0, 0 <= etaMin <= etaMax. */
    static void checkRange(double etaMax, double etaMin) {
        Check.positive("etaMax", etaMax);
        Check.nonNegative("etaMin", etaMin);
        if (etaMin > etaMax) {
            throw new InvalidSettingException(
                    "etaMin", etaMin, "etaMin <= etaMax (" + etaMax + ")", "lower etaMin or raise etaMax");
        }
    }
}
