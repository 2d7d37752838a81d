package io.resgrow.core.data;

import java.util.Arrays;

/**
 * Training or evaluation data that can hand out any set of samples as one {@link HostBatch}. The
 * engine draws index lists itself (seeded, per epoch), so a run's data order is reproducible and a
 * resumed run continues at the same sample. Readers in {@code resgrow-datasets} implement it.
 */
public interface BatchSource {

    /**
     * Returns the number of samples.
     *
     * @return the sample count
     */
    int count();

    /**
     * Returns the number of classes the labels range over ({@code 0 .. classes-1}).
     *
     * @return the class count
     */
    int classes();

    /**
     * Returns the label of one sample, without touching its pixels.
     *
     * @param index the sample index
     * @return its class label
     */
    int label(int index);

    /**
     * Gathers the given samples into a new batch (the order is kept).
     *
     * @param indices sample indices, each in {@code [0, count())}
     * @return a fresh batch the caller may modify
     */
    HostBatch batch(int[] indices);

    /**
     * Returns a view of the given samples (no copy).
     *
     * @param indices indices into this source
     * @return the view
     */
    default BatchSource subset(int[] indices) {
        return new Subset(this, indices.clone());
    }

    /**
     * Returns a view of the first {@code n} samples, or this source if it has no more.
     *
     * @param n the number of samples to keep
     * @return the view
     */
    default BatchSource limit(int n) {
        if (n >= count()) {
            return this;
        }
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        return subset(idx);
    }

    /** A view of some samples of another source. */
    final class Subset implements BatchSource {
        private final BatchSource base;
        private final int[] map;

        Subset(BatchSource base, int[] map) {
            for (int i : map) {
                if (i < 0 || i >= base.count()) {
                    throw new IndexOutOfBoundsException("subset index " + i + " outside [0, " + base.count() + ")");
                }
            }
            this.base = base;
            this.map = map;
        }

        @Override
        public int count() {
            return map.length;
        }

        @Override
        public int classes() {
            return base.classes();
        }

        @Override
        public int label(int index) {
            return base.label(map[index]);
        }

        @Override
        public HostBatch batch(int[] indices) {
            int[] mapped = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                mapped[i] = map[indices[i]];
            }
            return base.batch(mapped);
        }
    }
}
