package io.resgrow.core.data;

import java.util.Arrays;
import java.util.Random;

/**
 * The order in which an epoch visits the samples: a permutation drawn from (seed, phase, epoch), so
 * it can be drawn again on resume. The last incomplete batch is dropped when shuffling (as DJL's
 * and PyTorch's {@code drop_last}), which keeps BatchNorm statistics from a tiny last batch out.
 */
public final class EpochOrder {

    private EpochOrder() {}

    /**
     * Returns the sample indices of one epoch.
     *
     * @param size the number of samples
     * @param seed the run seed
     * @param phase the phase ordinal
     * @param epoch the epoch within the phase
     * @return a permutation of {@code 0..size-1}
     */
    public static int[] permutation(int size, long seed, int phase, int epoch) {
        return shuffled(size, new Random(Seeds.mix(seed, phase, epoch, 0x5EED)));
    }

    /**
     * Returns {@code 0..size-1} shuffled by Fisher-Yates from the last position down, drawing from
     * {@code random}.
     *
     * @param size the number of indices
     * @param random the draws
     * @return the permutation
     */
    public static int[] shuffled(int size, Random random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Returns the number of full batches in an epoch.
     *
     * @param size the number of samples
     * @param batchSize the batch size
     * @return the number of steps, at least 1 if there is any sample
     */
    public static int steps(int size, int batchSize) {
        return size == 0 ? 0 : Math.max(1, size / batchSize);
    }

    /**
     * Returns the indices of one batch.
     *
     * @param order the epoch's order
     * @param step the step within the epoch
     * @param batchSize the batch size
     * @return the indices (fewer than {@code batchSize} only when the data is smaller than a batch)
     */
    public static int[] slice(int[] order, int step, int batchSize) {
        int from = step * batchSize;
        int to = Math.min(order.length, from + batchSize);
        return Arrays.copyOfRange(order, from, to);
    }
}
