package io.resgrow.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Where large arrays are cut, and that work on the pieces lands in the arrays. */
class SerialPiecesTest {

    @Test
    void cutsAlongTheFirstAxisIntoPiecesOfAtMostTheGrainSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 64x64x3x3 = 36,864 elements, 576 a row: two pieces of 32 rows (18,432 elements)
            assertArrayEquals(new long[] {32}, SerialPieces.cuts(m.zeros(new Shape(64, 64, 3, 3))));
            // 80 rows of 1,000: three pieces, at most 32 rows each, evened out to 27
            assertArrayEquals(new long[] {27, 54}, SerialPieces.cuts(m.zeros(new Shape(80, 1000))));
            // small, exactly the grain size, a scalar, or one row above the grain size: whole
            assertArrayEquals(new long[0], SerialPieces.cuts(m.zeros(new Shape(100))));
            assertArrayEquals(new long[0], SerialPieces.cuts(m.zeros(new Shape(32, 1024))));
            assertArrayEquals(new long[0], SerialPieces.cuts(m.zeros(new Shape())));
            assertArrayEquals(new long[0], SerialPieces.cuts(m.zeros(new Shape(1, 40_000))));
            assertArrayEquals(new long[0], SerialPieces.cuts(m.zeros(new Shape(0, 50_000))));
        }
    }

    @Test
    void inPlaceWorkOnEveryPieceChangesTheArraysThemselves() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(80, 1000));
            NDArray b = m.ones(new Shape(80, 1000));
            int[] piece = {0};
            SerialPieces.forEach(new NDArray[] {a, b}, SerialPieces.cuts(a), p -> {
                assertEquals(p[0].getShape(), p[1].getShape());
                piece[0]++;
                NativeArrays.fill(p[0], piece[0]);
                p[1].muli(p[0]);
            });
            assertEquals(3, piece[0]);
            float[] av = a.toFloatArray();
            float[] bv = b.toFloatArray();
            for (int row = 0; row < 80; row++) {
                float expected = row < 27 ? 1 : row < 54 ? 2 : 3;
                assertEquals(expected, av[row * 1000], "row " + row);
                assertEquals(expected, av[row * 1000 + 999], "row " + row);
                assertEquals(expected, bv[row * 1000 + 500], "row " + row);
            }
        }
    }

    @Test
    void piecesOfANonContiguousArrayAreViewsToo() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray base = m.zeros(new Shape(1000, 80));
            NDArray t = base.transpose(); // 80 x 1000, strided: slicing its first axis must still write through
            int[] piece = {0};
            SerialPieces.forEach(new NDArray[] {t}, SerialPieces.cuts(t), p -> NativeArrays.fill(p[0], ++piece[0]));
            assertEquals(3, piece[0]);
            float[] v = base.toFloatArray();
            assertEquals(1f, v[0]); // base[0][0] = t[0][0]
            assertEquals(3f, v[79]); // base[0][79] = t[79][0]
            assertEquals(2f, v[999 * 80 + 30]); // base[999][30] = t[30][999]
        }
    }

    @Test
    void refusesArraysOfDifferentShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(80, 1000));
            NDArray b = m.zeros(new Shape(1000, 80));
            Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> SerialPieces.forEach(new NDArray[] {a, b}, SerialPieces.cuts(a), p -> {}));
        }
    }
}
