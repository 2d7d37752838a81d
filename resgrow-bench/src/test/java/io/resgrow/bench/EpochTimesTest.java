package io.resgrow.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.resgrow.core.history.EpochRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochTimesTest {

    private static EpochRecord at(int epoch, double cumulativeSeconds) {
        return new EpochRecord(epoch, "p", 1, 0.5, null, null, 0.1, 10, 10, 100, cumulativeSeconds);
    }

    @Test
    void epochSecondsAreTheDifferencesOfTheCumulativeOnes() {
        double[] s = EpochTimes.of(List.of(at(1, 2), at(2, 5), at(3, 9)));
        assertArrayEquals(new double[] {2, 3, 4}, s, 1e-12);
        assertArrayEquals(new double[] {3, 4}, EpochTimes.last(s, 2), 1e-12);
        assertEquals(3, EpochTimes.median(s), 0);
    }

    @Test
    void aMachineTwiceAsSlowDuringTheReferenceDoesNotDoubleTheSaving() {
        // (a) 10 s with full-network epochs of 2 s; (b) 40 s of 4 s epochs, run on a machine twice as slow:
        // at (a)'s speed (b) takes 20 s, so the saving is 50%, not the 75% the raw times say
        double drift = 2.0 / 4.0;
        assertEquals(0.5, EpochTimes.correctedSaving(10, 40, drift), 1e-12);
        assertEquals(0.75, EpochTimes.correctedSaving(10, 40, 1), 1e-12);
    }
}
