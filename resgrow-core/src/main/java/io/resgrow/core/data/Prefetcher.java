package io.resgrow.core.data;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntFunction;

/**
 * Prepares the batches of a range of steps on a background thread, one step ahead of the training
 * thread: while step {@code k} runs, step {@code k + 1}'s batch is gathered, augmented and
 * converted into the second of two reused {@link StagedBatch}es. Batches come out in step order and
 * are exactly what {@code prepare} returns for each step (the preparation must depend only on the
 * step, as the engine's seeded gathering and augmentation do), so a prefetched run equals a
 * synchronous one and a resumed run continues exactly. {@code prepare} is called from one thread,
 * one step at a time.
 */
public final class Prefetcher implements AutoCloseable {

    /** What the background thread hands over: a filled staging area or its failure. */
    private record Item(StagedBatch batch, RuntimeException failure) {}

    private final BlockingQueue<StagedBatch> free = new ArrayBlockingQueue<>(2);
    private final BlockingQueue<Item> ready = new ArrayBlockingQueue<>(2);
    private final Thread thread;
    private final int to;
    private int next;
    private long lastWaitNanos;

    /**
     * Starts preparing steps {@code from .. to - 1}.
     *
     * @param prepare the batch of a step (gather, augment); called on the background thread
     * @param from the first step
     * @param to one past the last step
     */
    public Prefetcher(IntFunction<HostBatch> prepare, int from, int to) {
        this.to = to;
        this.next = from;
        free.add(new StagedBatch());
        free.add(new StagedBatch());
        thread = new Thread(() -> produce(prepare, from, to), "resgrow-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(IntFunction<HostBatch> prepare, int from, int to) {
        try {
            for (int step = from; step < to; step++) {
                StagedBatch area = free.take();
                Item item;
                try {
                    item = new Item(area.fill(prepare.apply(step)), null);
                } catch (RuntimeException | Error e) {
                    item = new Item(
                            null,
                            e instanceof RuntimeException r
                                    ? r
                                    : new IllegalStateException("preparing the batch of step " + step + " failed", e));
                }
                ready.put(item);
                if (item.failure() != null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed early: stop
        }
    }

    /**
     * Returns the next step's batch, waiting for it if needed. Give it back with {@link #release}
     * once the arrays made from it are closed.
     *
     * @return the batch of the next step
     * @throws IllegalStateException if every step's batch was taken already
     */
    public StagedBatch next() {
        if (next >= to) {
            throw new IllegalStateException("no more batches: steps end at " + to);
        }
        Item item = ready.poll();
        lastWaitNanos = 0;
        try {
            if (item == null) {
                // not prepared yet: the training thread waits, and the wait is counted
                long t0 = System.nanoTime();
                item = ready.take();
                lastWaitNanos = System.nanoTime() - t0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the batch of step " + next, e);
        }
        if (item.failure() != null) {
            throw item.failure();
        }
        next++;
        return item.batch();
    }

    /**
     * Returns how long the last {@link #next} call blocked waiting for its batch: 0 when the batch
     * was ready, which is the case whenever preparing a batch takes less time than a step (the first
     * step of a range may wait for the first batch).
     *
     * @return nanoseconds
     */
    public long lastWaitNanos() {
        return lastWaitNanos;
    }

    /**
     * Gives a batch's staging area back for a later step.
     *
     * @param batch a batch {@link #next} returned, whose device arrays are closed
     */
    public void release(StagedBatch batch) {
        free.add(batch);
    }

    /** Stops the background thread (after the batch it is preparing, if any) and waits for it. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
