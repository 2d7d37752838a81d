package io.resgrow.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Record;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DJL datasets read into batches: the values the test built, exactly, in every accepted layout. */
class DjlDatasetTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static float[] randomFloats(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** The oracle: samples {@code indices} of NCHW values, gathered by hand. */
    private static float[] gather(float[] values, int size, int... indices) {
        float[] out = new float[indices.length * size];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, indices[i] * size, out, i * size, size);
        }
        return out;
    }

    @Test
    void anArrayDatasetRoundTripsExactlyAcrossReadChunks() {
        // 300 records: more than one read chunk of 256
        int n = 300;
        float[] x = randomFloats(n * 2 * 3 * 4, 1);
        long[] y = new long[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (i * 7) % 5;
            labels[i] = (int) y[i];
        }
        ArrayDataset djl = new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(n, 2, 3, 4)))
                .optLabels(manager.create(y))
                .setSampling(32, true)
                .build();
        DjlDataset source = DjlDataset.of(djl);
        assertEquals(n, source.count());
        assertEquals(5, source.classes(), "largest label + 1");
        assertEquals(new Shape(2, 3, 4), source.sampleShape());
        assertEquals(new Shape(2, 3, 4), source.recordShape());
        assertEquals(DataType.FLOAT32, source.recordType());
        assertEquals((long) n * 24 * 4 + n * 4, source.hostBytes());
        int[] pick = {299, 0, 256, 255, 17};
        HostBatch b = source.batch(pick);
        assertEquals(5, b.count());
        assertEquals(2, b.channels());
        assertEquals(3, b.height());
        assertEquals(4, b.width());
        assertArrayEquals(gather(x, 24, pick), b.images());
        assertArrayEquals(new int[] {labels[299], labels[0], labels[256], labels[255], labels[17]}, b.labels());
        for (int i = 0; i < n; i++) {
            assertEquals(labels[i], source.label(i));
        }
        assertTrue(
                source.toString().startsWith("ArrayDataset (300 records of float32 (2, 3, 4) as 2x3x4, 5 classes"),
                source.toString());
    }

    @Test
    void uint8DataIsKeptAsBytesAndNotScaled() {
        int n = 4;
        byte[] x = new byte[n * 3 * 2 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (byte) (i * 37);
        }
        ArrayDataset djl = new ArrayDataset.Builder()
                .setData(manager.create(ByteBuffer.wrap(x), new Shape(n, 3, 2, 2), DataType.UINT8))
                .optLabels(manager.create(new int[] {3, 0, 1, 2}))
                .setSampling(2, false)
                .build();
        DjlDataset source = DjlDataset.of(djl);
        assertEquals(DataType.UINT8, source.recordType());
        assertEquals(x.length + n * 4L, source.hostBytes(), "one byte a value");
        HostBatch b = source.batch(new int[] {2, 1});
        for (int j = 0; j < 12; j++) {
            assertEquals(x[24 + j] & 0xFF, b.images()[j], 0f, "value " + j + " of record 2: 0-255, unscaled");
            assertEquals(x[12 + j] & 0xFF, b.images()[12 + j], 0f);
        }
        assertArrayEquals(new int[] {1, 0}, b.labels());
        assertEquals(4, source.classes());
    }

    @Test
    void anHxWRecordIsOneChannelAndAVectorIsDChannelsOf1x1() {
        float[] x = randomFloats(3 * 5 * 6, 2);
        DjlDataset images = DjlDataset.of(new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(3, 5, 6)))
                .optLabels(manager.create(new long[] {0, 1, 0}))
                .setSampling(1, false)
                .build());
        assertEquals(new Shape(1, 5, 6), images.sampleShape());
        assertEquals(new Shape(5, 6), images.recordShape());
        assertArrayEquals(gather(x, 30, 2, 0), images.batch(new int[] {2, 0}).images());
        float[] v = randomFloats(3 * 7, 3);
        DjlDataset vectors = DjlDataset.of(new ArrayDataset.Builder()
                .setData(manager.create(v, new Shape(3, 7)).toType(DataType.FLOAT64, false))
                .optLabels(manager.create(new long[] {2, 1, 0}))
                .setSampling(1, false)
                .build());
        assertEquals(new Shape(7, 1, 1), vectors.sampleShape(), "the network sees (N, 7, 1, 1)");
        HostBatch b = vectors.batch(new int[] {1});
        assertEquals(7, b.channels());
        assertArrayEquals(gather(v, 7, 1), b.images(), "float64 values converted to float32");
    }

    @Test
    void wholeFloatLabelsOfShapeOneAndAGivenClassCountAreAccepted() {
        DjlDataset source = DjlDataset.of(
                new ArrayDataset.Builder()
                        .setData(manager.create(randomFloats(3 * 4, 4), new Shape(3, 4)))
                        .optLabels(manager.create(new float[] {2f, 0f, 1f}, new Shape(3, 1)))
                        .setSampling(1, false)
                        .build(),
                10);
        assertEquals(10, source.classes());
        assertArrayEquals(new int[] {2, 0, 1}, source.batch(new int[] {0, 1, 2}).labels());
    }

    @Test
    void aUsersDatasetIsReadOnceAndLabelsAndBatchesNeverCallItAgain() {
        int n = 260;
        float[] x = randomFloats(n * 2 * 2 * 2, 5);
        RecordsDataset djl = new RecordsDataset(
                n,
                (m, i) ->
                        new Record(new NDList(m.create(gather(x, 8, i), new Shape(2, 2, 2))), new NDList(m.create((long)
                                (i % 3)))));
        DjlDataset source = DjlDataset.of(djl);
        assertEquals(n, djl.gets(), "each record read once");
        for (int i = 0; i < n; i++) {
            assertEquals(i % 3, source.label(i));
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = n - 1 - i;
        }
        assertArrayEquals(gather(x, 8, all), source.batch(all).images());
        assertEquals(n, djl.gets(), "label() and batch() read no record");
    }

    @Test
    void sourceOfKeepsAResgrowSourceAndReadsAnyOtherDataset() {
        ArrayDataset djl = new ArrayDataset.Builder()
                .setData(manager.create(randomFloats(2 * 3, 6), new Shape(2, 3)))
                .optLabels(manager.create(new long[] {0, 1}))
                .setSampling(1, false)
                .build();
        assertTrue(DjlDataset.sourceOf(djl) instanceof DjlDataset);
        RecordsAndBatches both = new RecordsAndBatches();
        assertSame(both, DjlDataset.sourceOf(both));
        assertSame(both, DjlDataset.sourceOf(both, 3));
        assertEquals(0, both.gets(), "its own batches are used: no record read");
    }

    /** A DJL dataset that is a resgrow batch source too, as resgrow's ImageSet is. */
    private static final class RecordsAndBatches extends RecordsDataset implements BatchSource {
        private final BatchSource own = new FloatArraySource(new float[2], new int[] {0, 1}, 2, 1, 1, 1);

        RecordsAndBatches() {
            super(2, (m, i) -> {
                throw new AssertionError("no record may be read");
            });
        }

        @Override
        public int count() {
            return own.count();
        }

        @Override
        public int classes() {
            return own.classes();
        }

        @Override
        public int label(int index) {
            return own.label(index);
        }

        @Override
        public HostBatch batch(int[] indices) {
            return own.batch(indices);
        }
    }
}
