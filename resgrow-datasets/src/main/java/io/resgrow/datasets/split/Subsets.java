package io.resgrow.datasets.split;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.BatchSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded subsets and splits of a data source: by count or fraction, optionally class-balanced,
 * several parts disjoint or overlapping (MonolithNet trains each branch on its own subset), and
 * train/validation splits. The same seed always picks the same samples.
 */
public final class Subsets {

    private Subsets() {}

    /** A train/validation split. @param train the training part @param validation the held-out part */
    public record Split(BatchSource train, BatchSource validation) {}

    /**
     * Picks {@code count} samples.
     *
     * @param source the data
     * @param count how many, in [1, source size]
     * @param seed the seed
     * @param balanced whether every class gets the same share (as far as it has samples)
     * @return the subset
     */
    public static BatchSource sample(BatchSource source, int count, long seed, boolean balanced) {
        return source.subset(indices(source, count, seed, balanced));
    }

    /**
     * Returns the indices {@link #sample} would pick, sorted.
     *
     * @param source the data
     * @param count how many, in [1, source size]
     * @param seed the seed
     * @param balanced whether every class gets the same share
     * @return the indices
     */
    public static int[] indices(BatchSource source, int count, long seed, boolean balanced) {
        if (count < 1 || count > source.count()) {
            throw new InvalidSettingException(
                    "count",
                    count,
                    "an integer in [1, " + source.count() + "]",
                    "ask for at most as many samples as the source has");
        }
        return pick(source, count, new Random(seed), balanced, new boolean[source.count()]);
    }

    /**
     * Picks a fraction of the samples.
     *
     * @param source the data
     * @param fraction in (0, 1]
     * @param seed the seed
     * @param balanced whether every class gets the same share
     * @return the subset
     */
    public static BatchSource fraction(BatchSource source, double fraction, long seed, boolean balanced) {
        return sample(source, countOf("fraction", fraction, source), seed, balanced);
    }

    /**
     * Splits off a validation part.
     *
     * @param source the data
     * @param validationFraction in (0, 1), e.g. 0.1
     * @param seed the seed
     * @return training and validation parts, disjoint, together all samples
     */
    public static Split split(BatchSource source, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new InvalidSettingException(
                    "validationFraction",
                    validationFraction,
                    "a number in (0, 1)",
                    "use e.g. 0.1 for a 10% validation split");
        }
        int n = countOf("validationFraction", validationFraction, source);
        boolean[] used = new boolean[source.count()];
        int[] val = pick(source, n, new Random(seed), true, used);
        int[] rest = new int[source.count() - val.length];
        for (int i = 0, k = 0; i < used.length; i++) {
            if (!used[i]) {
                rest[k++] = i;
            }
        }
        return new Split(source.subset(rest), source.subset(val));
    }

    /**
     * Makes {@code parts} subsets of {@code size} samples each.
     *
     * @param source the data
     * @param parts how many subsets
     * @param size samples in each
     * @param seed the seed
     * @param balanced class-balanced subsets
     * @param disjoint whether no sample may appear in two subsets
     * @return the subsets
     */
    public static List<BatchSource> parts(
            BatchSource source, int parts, int size, long seed, boolean balanced, boolean disjoint) {
        if (parts < 1) {
            throw new InvalidSettingException("parts", parts, "an integer >= 1", "ask for at least one part");
        }
        if (size < 1 || size > source.count()) {
            throw new InvalidSettingException(
                    "size",
                    size,
                    "an integer in [1, " + source.count() + "]",
                    "ask for parts of at least one and at most " + source.count() + " samples");
        }
        if (disjoint && (long) parts * size > source.count()) {
            throw new InvalidSettingException(
                    "size",
                    size,
                    "at most " + source.count() / parts + " for " + parts + " disjoint parts of " + source.count()
                            + " samples",
                    "use smaller parts or allow overlap");
        }
        Random random = new Random(seed);
        boolean[] used = new boolean[source.count()];
        List<BatchSource> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            boolean[] taken = disjoint ? used : new boolean[source.count()];
            out.add(source.subset(pick(source, size, random, balanced, taken)));
        }
        return out;
    }

    private static int countOf(String name, double fraction, BatchSource source) {
        Check.fraction(name, fraction, "use e.g. 0.5");
        return Math.max(1, (int) Math.round(fraction * source.count()));
    }

    /** Picks {@code count} unused indices (marking them used), class-balanced if asked. */
    private static int[] pick(BatchSource source, int count, Random random, boolean balanced, boolean[] used) {
        int classes = balanced ? source.classes() : 1;
        List<List<Integer>> pools = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            pools.add(new ArrayList<>());
        }
        for (int i = 0; i < source.count(); i++) {
            if (!used[i]) {
                pools.get(balanced ? source.label(i) : 0).add(i);
            }
        }
        for (List<Integer> pool : pools) {
            Collections.shuffle(pool, random);
        }
        int[] out = new int[count];
        int k = 0;
        int[] next = new int[classes];
        while (k < count) {
            boolean progressed = false;
            for (int c = 0; c < classes && k < count; c++) {
                if (next[c] < pools.get(c).size()) {
                    out[k++] = pools.get(c).get(next[c]++);
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("not enough unused samples for " + count);
            }
        }
        for (int i : out) {
            used[i] = true;
        }
        Arrays.sort(out);
        return out;
    }
}
