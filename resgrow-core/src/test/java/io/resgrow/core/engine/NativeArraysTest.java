package io.resgrow.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.testing.GcPressure;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeArraysTest {

    @Test
    void fillOverwritesInfinityAndNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = m.create(new float[] {Float.POSITIVE_INFINITY, Float.NaN, 3f});
            NativeArrays.fill(g, 0);
            assertArrayEquals(new float[] {0f, 0f, 0f}, g.toFloatArray());
            NDArray h = m.create(new float[] {Float.POSITIVE_INFINITY});
            h.subi(h);
            assertTrue(Float.isNaN(h.toFloatArray()[0]), "subi(self) is what fill replaces");
        }
    }

    @Test
    void copiedValuesSurviveTheSourceAndTheCollector() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.zeros(new Shape(2, 3));
            try (NDManager scratch = m.newSubManager()) {
                NativeArrays.copyInto(scratch.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)), target);
            }
            List<ByteBuffer> poison = GcPressure.reclaimAndPoison();
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, target.toFloatArray());
            assertEquals(10000, poison.size());
        }
    }

    @Test
    void copyRefusesAnotherShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> NativeArrays.copyInto(m.zeros(new Shape(3)), m.zeros(new Shape(2))));
            assertTrue(e.getMessage().contains("(3)") && e.getMessage().contains("(2)"), e.getMessage());
        }
    }

    @Test
    void scalarTakesTheDeviceAndTypeOfItsPartner() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray like = m.zeros(new Shape(2));
            NDArray s = NativeArrays.scalar(like, 0.25);
            assertEquals(new Shape(), s.getShape());
            assertEquals(like.getDataType(), s.getDataType());
            assertEquals(0.25f, s.getFloat());
        }
    }
}
