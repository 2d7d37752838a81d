package io.resgrow.core.placement;

import io.resgrow.core.check.InvalidSettingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Assigns branches (residual functions of a multi-residual block, or a network's branches) to the
 * slots of one group: balanced by MACs (the greedy longest-first rule: each branch, largest first,
 * goes to the least loaded slot), round robin, or as the user says.
 *
 * @param slotOf for each branch, the index (within the group) of its slot
 * @param macsPerSlot the MACs per sample each slot carries
 */
public record Placement(int[] slotOf, long[] macsPerSlot) {

    /** Copies the arrays. */
    public Placement {
        slotOf = slotOf.clone();
        macsPerSlot = macsPerSlot.clone();
    }

    /**
     * Balances by MACs.
     *
     * @param macs the MACs per sample of each branch
     * @param slots how many slots in the group, >= 1
     * @return the placement
     */
    public static Placement balanced(long[] macs, int slots) {
        check(slots);
        Integer[] order = new Integer[macs.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> -macs[i]).thenComparingInt(i -> i));
        int[] slotOf = new int[macs.length];
        long[] load = new long[slots];
        for (int b : order) {
            int best = 0;
            for (int s = 1; s < slots; s++) {
                if (load[s] < load[best]) {
                    best = s;
                }
            }
            slotOf[b] = best;
            load[best] += macs[b];
        }
        return new Placement(slotOf, load);
    }

    /**
     * Places branch {@code i} on slot {@code i mod slots}.
     *
     * @param macs the MACs per sample of each branch
     * @param slots how many slots, >= 1
     * @return the placement
     */
    public static Placement roundRobin(long[] macs, int slots) {
        check(slots);
        int[] slotOf = new int[macs.length];
        Arrays.setAll(slotOf, i -> i % slots);
        return explicit(macs, slots, slotOf);
    }

    /**
     * Places each branch where the user says.
     *
     * @param macs the MACs per sample of each branch
     * @param slots how many slots, >= 1
     * @param slotOf the slot of each branch, each in [0, slots)
     * @return the placement
     */
    public static Placement explicit(long[] macs, int slots, int[] slotOf) {
        check(slots);
        if (slotOf.length != macs.length) {
            throw new InvalidSettingException(
                    "slotOf",
                    Arrays.toString(slotOf),
                    "one slot per branch (" + macs.length + " branches)",
                    "give a slot for every branch");
        }
        long[] load = new long[slots];
        for (int b = 0; b < slotOf.length; b++) {
            if (slotOf[b] < 0 || slotOf[b] >= slots) {
                throw new InvalidSettingException(
                        "slotOf",
                        Arrays.toString(slotOf),
                        "slots in [0, " + slots + ")",
                        "branch " + b + " names slot " + slotOf[b] + ": use one of the group's " + slots);
            }
            load[slotOf[b]] += macs[b];
        }
        return new Placement(slotOf, load);
    }

    /**
     * Returns the branches each slot holds.
     *
     * @return per slot, the branch indices in order
     */
    public List<List<Integer>> branchesPerSlot() {
        List<List<Integer>> out = new ArrayList<>();
        for (int s = 0; s < macsPerSlot.length; s++) {
            out.add(new ArrayList<>());
        }
        for (int b = 0; b < slotOf.length; b++) {
            out.get(slotOf[b]).add(b);
        }
        return out;
    }

    private static void check(int slots) {
        if (slots < 1) {
            throw new InvalidSettingException("slots", slots, "an integer >= 1", "place on at least one device");
        }
    }
}
