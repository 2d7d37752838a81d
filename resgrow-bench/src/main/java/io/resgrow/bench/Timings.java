package io.resgrow.bench;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the benchmarks do with a list of timings (the process's memory: {@link io.resgrow.examples.cli.ProcessMemory}).
 */
public final class Timings {

    private Timings() {}

    /**
     * Returns the median of nanosecond timings in milliseconds (sorts the list).
     *
     * @param nanos the timings, at least one
     * @return the median in ms
     */
    static double medianMillis(List<Long> nanos) {
        Collections.sort(nanos);
        return nanos.get(nanos.size() / 2) / 1e6;
    }

    /**
     * Returns the mean of durations in milliseconds.
     *
     * @param nanos durations in nanoseconds, at least one
     * @return the mean in ms
     */
    static double meanMillis(List<Long> nanos) {
        long sum = 0;
        for (long n : nanos) {
            sum += n;
        }
        return sum / 1e6 / nanos.size();
    }

    /**
     * Returns the median of values (the mean of the middle two for an even count).
     *
     * @param values at least one
     * @return the median
     */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * Returns round i's ratio ours[i] / theirs[i].
     *
     * @param ours one side's figures
     * @param theirs the other side's, as many
     * @return the ratios
     */
    static double[] ratios(double[] ours, double[] theirs) {
        double[] r = new double[ours.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = ours[i] / theirs[i];
        }
        return r;
    }

    /**
     * Repeats an untimed run until {@code seconds} have passed (at least once unless zero), so the
     * JVM has compiled the loop's Java code before anything is timed, and prints what it did as the
     * {@code jvm_warmup:} line.
     *
     * @param seconds how long, at least
     * @param run one untimed run
     */
    static void warmUp(double seconds, Runnable run) {
        long t0 = System.nanoTime();
        int runs = 0;
        while ((System.nanoTime() - t0) / 1e9 < seconds) {
            run.run();
            runs++;
        }
        System.out.println(String.format(
                Locale.ROOT,
                "jvm_warmup: %d untimed runs in %.1f s before the" + " timed rounds (--warmup-seconds %s)",
                runs,
                (System.nanoTime() - t0) / 1e9,
                seconds));
    }
}
