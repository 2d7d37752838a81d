package io.resgrow.examples.bench;

import java.util.Collections;
import java.util.List;

/** What the benchmarks do with a list of timings. */
final class Timings {

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
}
