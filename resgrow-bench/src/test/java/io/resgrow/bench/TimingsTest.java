package io.resgrow.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks' statistics: medians of odd and even counts, and the warm-up's loop. */
class TimingsTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValueAndOfAnEvenCountTheMeanOfTheMiddleTwo() {
        double[] values = {3.0, 1.0, 2.0};
        assertEquals(2.0, Timings.median(values));
        assertArrayEquals(new double[] {3.0, 1.0, 2.0}, values, "the caller's array is left as it was");
        assertEquals(2.5, Timings.median(new double[] {4.0, 1.0, 3.0, 2.0}));
        assertEquals(7.0, Timings.median(new double[] {7.0}));
    }

    @Test
    void theMedianOfNanosecondTimingsIsInMilliseconds() {
        assertEquals(2.0, Timings.medianMillis(new ArrayList<>(List.of(3_000_000L, 1_000_000L, 2_000_000L))));
    }

    @Test
    void theRatiosArePairedRoundByRound() {
        assertArrayEquals(new double[] {2.0, 0.5}, Timings.ratios(new double[] {4, 1}, new double[] {2, 2}));
    }

    @Test
    void theWarmUpRepeatsTheRunUntilItsTimeHasPassedAndNotAtAllForZero() {
        int[] runs = {0};
        String zero = printed(() -> Timings.warmUp(0, () -> runs[0]++));
        assertEquals(0, runs[0]);
        assertTrue(zero.startsWith("jvm_warmup: 0 untimed runs"), zero);
        long t0 = System.nanoTime();
        String some = printed(() -> Timings.warmUp(0.2, () -> {
            runs[0]++;
            sleep(30);
        }));
        assertTrue((System.nanoTime() - t0) / 1e9 >= 0.2, "it ran at least the time asked");
        assertTrue(runs[0] >= 7 && some.startsWith("jvm_warmup: " + runs[0] + " untimed runs"), some);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String printed(Runnable r) {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(before);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
