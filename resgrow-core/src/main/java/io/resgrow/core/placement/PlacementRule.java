package io.resgrow.core.placement;

import java.util.Arrays;

/**
 * How the branches of one block are assigned to the slots of a group: {@link #balanced()} by MACs,
 * {@link #roundRobin()}, or {@link #explicit} as the user says. A rule sees only a block's branch
 * MACs, so blocks of the same structure are placed alike: the copies a growing strategy inserts go
 * where the branches they copy are.
 */
public interface PlacementRule {

    /**
     * Places the branches of one block.
     *
     * @param macs the MACs per sample of each branch
     * @param slots the slots in the group
     * @return the placement
     */
    Placement place(long[] macs, int slots);

    /**
     * Balances by MACs (greedy, largest first; ties keep branch order).
     *
     * @return the rule
     */
    static PlacementRule balanced() {
        return named("balanced", Placement::balanced);
    }

    /**
     * Puts branch {@code i} on slot {@code i mod slots}.
     *
     * @return the rule
     */
    static PlacementRule roundRobin() {
        return named("roundRobin", Placement::roundRobin);
    }

    /**
     * Puts branch {@code i} of every block on slot {@code slotOf[i]}.
     *
     * @param slotOf the slot of each branch, within the group
     * @return the rule
     */
    static PlacementRule explicit(int... slotOf) {
        int[] copy = slotOf.clone();
        return named("explicit" + Arrays.toString(copy), (macs, slots) -> Placement.explicit(macs, slots, copy));
    }

    private static PlacementRule named(String name, PlacementRule rule) {
        return new PlacementRule() {
            @Override
            public Placement place(long[] macs, int slots) {
                return rule.place(macs, slots);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
