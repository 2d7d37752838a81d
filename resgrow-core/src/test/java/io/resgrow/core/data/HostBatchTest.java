package io.resgrow.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostBatchTest {

    private static HostBatch batch(int n) {
        float[] images = new float[n * 2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            images[2 * i] = i;
            images[2 * i + 1] = -i;
            labels[i] = 100 + i;
        }
        return new HostBatch(images, labels, n, 1, 1, 2);
    }

    @Test
    void anUnevenBatchSplitsIntoNearEqualPartsWithoutDroppingASample() {
        List<HostBatch> parts = batch(7).split(3);
        assertEquals(List.of(3, 2, 2), parts.stream().map(HostBatch::count).toList());
        assertArrayEquals(new int[] {100, 101, 102}, parts.get(0).labels());
        assertArrayEquals(new int[] {105, 106}, parts.get(2).labels());
        assertArrayEquals(new float[] {3, -3, 4, -4}, parts.get(1).images());
    }

    @Test
    void fewerSamplesThanPartsLeavesTheLastPartsEmpty() {
        List<HostBatch> parts = batch(2).split(4);
        assertEquals(List.of(1, 1, 0, 0), parts.stream().map(HostBatch::count).toList());
    }
}
