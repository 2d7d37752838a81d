package io.resgrow.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrefetcherTest {

    private static final int COUNT = 23;
    private static final int BATCH = 5;

    /** Gathers a seeded epoch's step and augments it with a generator seeded by the step, as the engine does. */
    private static IntFunction<HostBatch> pipeline() {
        float[] images = new float[COUNT * 2 * 3 * 3];
        int[] labels = new int[COUNT];
        Random r = new Random(3);
        for (int i = 0; i < images.length; i++) {
            images[i] = r.nextFloat();
        }
        for (int i = 0; i < COUNT; i++) {
            labels[i] = i % 4;
        }
        BatchSource source = new FloatArraySource(images, labels, 4, 2, 3, 3);
        int[] order = EpochOrder.permutation(COUNT, 42, 0, 1);
        return step -> {
            HostBatch b = source.batch(EpochOrder.slice(order, step, BATCH));
            Random noise = new Random(Seeds.mix(42, 0, 1, step));
            for (int i = 0; i < b.images().length; i++) {
                b.images()[i] += (float) noise.nextGaussian();
            }
            return b;
        };
    }

    @Test
    void prefetchingYieldsTheSynchronousBatchesInTheSameOrder() {
        IntFunction<HostBatch> prepare = pipeline();
        int steps = EpochOrder.steps(COUNT, BATCH);
        try (NDManager m = NDManager.newBaseManager();
                Prefetcher batches = new Prefetcher(pipeline(), 1, steps)) {
            for (int step = 1; step < steps; step++) {
                HostBatch expected = prepare.apply(step);
                StagedBatch staged = batches.next();
                assertArrayEquals(expected.images(), staged.host().images(), "step " + step);
                assertArrayEquals(expected.labels(), staged.host().labels(), "step " + step);
                try (NDManager stepManager = m.newSubManager()) {
                    NDList xy = staged.toDevice(stepManager);
                    NDList sync = expected.toDevice(stepManager);
                    assertEquals(sync.get(0).getShape(), xy.get(0).getShape());
                    assertArrayEquals(sync.get(0).toFloatArray(), xy.get(0).toFloatArray(), 0f, "step " + step);
                    assertEquals(DataType.INT64, xy.get(1).getDataType());
                    assertArrayEquals(sync.get(1).toLongArray(), xy.get(1).toLongArray(), "step " + step);
                }
                batches.release(staged);
            }
            assertThrows(IllegalStateException.class, batches::next);
        }
    }

    @Test
    void twoStagingAreasServeEveryStep() {
        try (Prefetcher batches = new Prefetcher(pipeline(), 0, 4)) {
            StagedBatch first = batches.next();
            batches.release(first);
            StagedBatch second = batches.next();
            assertNotEquals(first, second);
            batches.release(second);
            assertSame(first, batches.next(), "the first area is reused for the third step");
        }
    }

    @Test
    void aFailureWhilePreparingReachesTheTrainingThread() {
        IllegalArgumentException bad = new IllegalArgumentException("no such sample");
        try (Prefetcher batches = new Prefetcher(
                step -> {
                    throw bad;
                },
                0,
                3)) {
            assertSame(bad, assertThrows(IllegalArgumentException.class, batches::next));
        }
    }

    @Test
    void aBatchNotReadyIsCountedAsWaitAndAReadyOneIsNot() throws InterruptedException {
        CountDownLatch slow = new CountDownLatch(1);
        IntFunction<HostBatch> fast = pipeline();
        try (Prefetcher batches = new Prefetcher(
                step -> {
                    if (step == 1) {
                        try {
                            slow.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return fast.apply(step);
                },
                0,
                3)) {
            Thread.sleep(300); // step 0 is prepared long before this
            batches.release(batches.next());
            assertEquals(0, batches.lastWaitNanos(), "step 0 was ready: no wait");
            Thread opener = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                slow.countDown();
            });
            opener.start();
            batches.release(batches.next());
            long waited = batches.lastWaitNanos();
            assertTrue(waited >= 20_000_000L, "step 1 was held back 200 ms, the wait counted " + waited + " ns");
            opener.join();
        }
    }

    @Test
    void closingBeforeTheEndStopsTheBackgroundThread() {
        Prefetcher batches = new Prefetcher(pipeline(), 0, 4);
        batches.next();
        batches.close(); // returns: the thread waiting for a free area is interrupted
    }
}
