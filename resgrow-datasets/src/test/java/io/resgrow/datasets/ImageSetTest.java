package io.resgrow.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Record;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageSetTest {

    @Test
    void isARandomAccessDatasetWithScaledPixels() {
        ImageSet d = new ImageSet("t", new byte[] {0, (byte) 255, 51, 102}, new int[] {1}, 2, 1, 2, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = d.get(m, 0);
            assertEquals(new Shape(1, 2, 2), r.getData().head().getShape());
            assertEquals(1f, r.getData().head().max().getFloat(), 1e-6);
            assertEquals(1L, r.getLabels().head().getLong());
        }
        assertEquals(0.2f, d.batch(new int[] {0}).images()[2], 1e-6);
    }

    @Test
    void labelsOutOfRangeAreRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new ImageSet("t", new byte[4], new int[] {3}, 2, 1, 2, 2));
        assertTrue(e.getMessage().contains("label 3"), e.getMessage());
    }

    @Test
    void syntheticDataIsLearnableAndSeeded() {
        ImageSet a = SyntheticDataset.create(20, 4, 1, 8, 20, 5);
        ImageSet b = SyntheticDataset.create(20, 4, 1, 8, 20, 5);
        assertEquals(Arrays.toString(a.pixels(3)), Arrays.toString(b.pixels(3)));
        assertEquals(3, a.label(3));
    }
}
