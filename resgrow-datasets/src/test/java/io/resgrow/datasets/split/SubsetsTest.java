package io.resgrow.datasets.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.BatchSource;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.SyntheticDataset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubsetsTest {

    private static final ImageSet DATA = SyntheticDataset.create(100, 5, 1, 4, 10, 1);

    private static int[] classCounts(BatchSource s) {
        int[] counts = new int[s.classes()];
        for (int i = 0; i < s.count(); i++) {
            counts[s.label(i)]++;
        }
        return counts;
    }

    @Test
    void balancedSamplesAreBalancedAndSeeded() {
        assertArrayEquals(new int[] {6, 6, 6, 6, 6}, classCounts(Subsets.sample(DATA, 30, 1, true)));
        assertArrayEquals(Subsets.indices(DATA, 30, 4, true), Subsets.indices(DATA, 30, 4, true));
        assertEquals(50, Subsets.fraction(DATA, 0.5, 1, false).count());
    }

    @Test
    void splitIsDisjointAndComplete() {
        Subsets.Split s = Subsets.split(DATA, 0.1, 3);
        assertEquals(90, s.train().count());
        assertEquals(10, s.validation().count());
        assertArrayEquals(new int[] {2, 2, 2, 2, 2}, classCounts(s.validation()));
    }

    @Test
    void disjointPartsShareNoSample() {
        List<BatchSource> parts = Subsets.parts(DATA, 3, 30, 1, true, true);
        Set<String> seen = new HashSet<>();
        for (BatchSource p : parts) {
            for (int i = 0; i < p.count(); i++) {
                String key = Arrays.toString(p.batch(new int[] {i}).images());
                assertTrue(seen.add(key), "sample repeated across disjoint parts");
            }
        }
        assertThrows(InvalidSettingException.class, () -> Subsets.parts(DATA, 3, 40, 1, true, true));
        assertEquals(3, Subsets.parts(DATA, 3, 40, 1, true, false).size());
    }

    @Test
    void badArgumentsAreTypedErrors() {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> Subsets.sample(DATA, 101, 1, false));
        assertTrue(e.getMessage().contains("[1, 100]"), e.getMessage());
        assertThrows(InvalidSettingException.class, () -> Subsets.split(DATA, 1.0, 1));
        assertThrows(InvalidSettingException.class, () -> Subsets.fraction(DATA, 0, 1, true));
    }
}
