package io.resgrow.datasets.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.HostBatch;
import io.resgrow.datasets.SyntheticDataset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentTest {

    private static HostBatch ramp(int n) {
        // 1 channel, 3x3 images with values 1..9 (row-major)
        float[] x = new float[n * 9];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 9 + 1;
        }
        return new HostBatch(x, new int[n], n, 1, 3, 3);
    }

    @Test
    void shiftMovesContentAndFillsWithZeros() {
        HostBatch b = ramp(1);
        // with maxX=1, maxY=0 and this seed the draw is known; check against the explicit rule
        Random r = new Random(3);
        int dx = new Random(3).nextInt(3) - 1;
        RandomShift.shift(1, 0).apply(b, r);
        float[] expected = new float[9];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                int src = col - dx;
                expected[row * 3 + col] = src < 0 || src > 2 ? 0 : row * 3 + src + 1;
            }
        }
        assertArrayEquals(expected, b.images());
    }

    @Test
    void padCropIsSeededAndKeepsPixelsWithinBounds() {
        HostBatch a = SyntheticDataset.create(64, 4, 1, 28, 30, 1).batch(new int[64]);
        HostBatch b = SyntheticDataset.create(64, 4, 1, 28, 30, 1).batch(new int[64]);
        RandomShift.padCrop(4).apply(a, new Random(9));
        RandomShift.padCrop(4).apply(b, new Random(9));
        assertArrayEquals(a.images(), b.images());
        HostBatch c = SyntheticDataset.create(64, 4, 1, 28, 30, 1).batch(new int[64]);
        RandomShift.padCrop(4).apply(c, new Random(10));
        assertFalse(Arrays.equals(a.images(), c.images()));
        assertThrows(InvalidSettingException.class, () -> RandomShift.padCrop(0));
    }

    @Test
    void flipMirrorsRowsOfTheChosenImages() {
        HostBatch b = ramp(64);
        new RandomFlip().apply(b, new Random(1));
        Random r = new Random(1);
        for (int n = 0; n < 64; n++) {
            float[] img = Arrays.copyOfRange(b.images(), n * 9, n * 9 + 9);
            float[] want =
                    r.nextBoolean() ? new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7} : new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9};
            assertArrayEquals(want, img, "image " + n);
        }
    }

    @Test
    void normalizeFromDataGivesZeroMeanUnitVariance() {
        var data = SyntheticDataset.create(200, 4, 2, 8, 30, 1);
        ChannelNormalize norm = ChannelNormalize.fromData(data);
        int[] all = new int[200];
        Arrays.setAll(all, i -> i);
        HostBatch b = data.batch(all);
        norm.apply(b, null);
        double sum = 0;
        double sq = 0;
        int plane = 64;
        for (int n = 0; n < 200; n++) {
            for (int i = 0; i < plane; i++) {
                double v = b.images()[(n * 2 + 1) * plane + i];
                sum += v;
                sq += v * v;
            }
        }
        double count = 200.0 * plane;
        assertEquals(0, sum / count, 1e-4);
        assertEquals(1, sq / count, 1e-3);
        assertThrows(InvalidSettingException.class, () -> new ChannelNormalize(new float[] {0}, new float[] {0}));
    }
}
