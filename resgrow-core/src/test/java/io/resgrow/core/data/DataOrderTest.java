package io.resgrow.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.resgrow.core.testing.ArraySource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataOrderTest {

    @Test
    void permutationsAreSeededPerPhaseAndEpoch() {
        int[] a = EpochOrder.permutation(100, 1, 0, 0);
        assertArrayEquals(a, EpochOrder.permutation(100, 1, 0, 0));
        assertFalse(Arrays.equals(a, EpochOrder.permutation(100, 1, 0, 1)));
        assertFalse(Arrays.equals(a, EpochOrder.permutation(100, 1, 1, 0)));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
        assertNotEquals(Seeds.mix(1, 2, 3), Seeds.mix(1, 3, 2));
    }

    @Test
    void stepsDropTheIncompleteLastBatch() {
        assertEquals(3, EpochOrder.steps(100, 32));
        assertEquals(1, EpochOrder.steps(10, 32));
        assertArrayEquals(new int[] {4, 5}, EpochOrder.slice(new int[] {0, 1, 2, 3, 4, 5}, 2, 2));
    }

    @Test
    void subsetsAndLimitsAreViews() {
        ArraySource s = ArraySource.blobs(10, 2, 1, 2, 0, 1);
        BatchSource sub = s.subset(new int[] {3, 5});
        assertEquals(2, sub.count());
        assertEquals(s.label(5), sub.label(1));
        assertArrayEquals(
                s.batch(new int[] {5}).images(), sub.batch(new int[] {1}).images());
        assertEquals(4, s.limit(4).count());
        assertThrows(IndexOutOfBoundsException.class, () -> s.subset(new int[] {10}));
        assertThrows(IllegalArgumentException.class, () -> new HostBatch(new float[3], new int[1], 1, 1, 2, 2));
    }
}
