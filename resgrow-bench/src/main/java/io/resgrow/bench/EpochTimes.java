package io.resgrow.bench;

import io.resgrow.core.history.EpochRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The wall time of each epoch of a run (its records hold cumulative seconds), and the machine's
 * drift between two runs read from epochs that train the same network: in the multi-level
 * benchmark, run (a)'s last cycle and run (b) both train the full network, so their per-epoch times
 * differ only by how fast the machine was at the time.
 */
public final class EpochTimes {

    private EpochTimes() {}

    /**
     * Returns the seconds of each epoch, in order.
     *
     * @param epochs the run's epoch records (cumulative seconds)
     * @return the per-epoch seconds
     */
    public static double[] of(List<EpochRecord> epochs) {
        double[] out = new double[epochs.size()];
        double before = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = epochs.get(i).seconds() - before;
            before = epochs.get(i).seconds();
        }
        return out;
    }

    /**
     * Returns the last {@code n} values.
     *
     * @param values the values
     * @param n how many, at most {@code values.length}
     * @return a copy of the tail
     */
    public static double[] last(double[] values, int n) {
        return Arrays.copyOfRange(values, values.length - n, values.length);
    }

    /**
     * Returns the median.
     *
     * @param values at least one value
     * @return the median (the upper one of an even count)
     */
    public static double median(double[] values) {
        List<Double> sorted = new ArrayList<>();
        for (double v : values) {
            sorted.add(v);
        }
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Returns a measured saving corrected for drift: {@code 1 - a / (b * drift)}, where {@code
     * drift} is the median epoch of the run being judged on the shared network over the reference
     * run's, so that {@code b} is scaled to the machine's speed during {@code a}.
     *
     * @param a seconds of the run being judged
     * @param b seconds of the reference run
     * @param drift median epoch seconds of a on the shared network over b's
     * @return the corrected saving
     */
    public static double correctedSaving(double a, double b, double drift) {
        return 1 - a / (b * drift);
    }
}
