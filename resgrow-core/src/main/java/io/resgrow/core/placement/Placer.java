package io.resgrow.core.placement;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.resgrow.core.account.MacCounter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Places a network on the slots of a group: finds every {@link Routable} block, assigns its
 * branches to slots with a {@link PlacementRule}, gives the block a {@link BranchRoute}, and moves
 * every parameter to its slot's device in place ({@link ParameterMoves}): branch parameters to
 * their branch's slot, all others to the home slot (the first). Parameters already on the right
 * device are not touched, so placing a network again after it grew moves only the new blocks. With
 * data-parallel groups, every group gets the first group's layout on its own slots; parameters live
 * in the first group.
 */
public final class Placer {

    private Placer() {}

    /**
     * Places the network.
     *
     * @param network the network, initialised
     * @param inputShape its input shape with a batch dimension of 1 (for MACs)
     * @param slots all slots, in groups of {@code groupSize}, each group's home first
     * @param groupSize slots per data-parallel group (all slots for model parallelism alone)
     * @param rule how each block's branches are assigned
     * @param counter where the routes count transfers
     * @param managers the manager that owns parameters on a device
     * @return where everything is
     */
    public static NetworkPlacement place(
            Block network,
            Shape inputShape,
            List<Slot> slots,
            int groupSize,
            PlacementRule rule,
            TransferCounter counter,
            Function<Device, NDManager> managers) {
        Slot home = slots.get(0);
        List<List<Slot>> groups = NetworkPlacement.groups(slots, groupSize);
        Map<Parameter, Slot> slotOf = new IdentityHashMap<>();
        List<NetworkPlacement.PlacedBranch> functions = new ArrayList<>();
        long[] macsPerSlot = new long[groupSize];
        long branchMacs = 0;
        List<Pair<String, Routable>> routables = new ArrayList<>();
        find(network, "net", routables);
        for (Pair<String, Routable> found : routables) {
            Routable block = found.getValue();
            long[] macs = block.branchMacs();
            Placement placement = rule.place(macs, groupSize);
            List<? extends Block> branches = block.branches();
            for (int b = 0; b < branches.size(); b++) {
                Slot slot = slots.get(placement.slotOf()[b]);
                for (Parameter p : branches.get(b).getParameters().values()) {
                    slotOf.put(p, slot);
                }
                functions.add(new NetworkPlacement.PlacedBranch(found.getKey(), b, slot, macs[b]));
                macsPerSlot[placement.slotOf()[b]] += macs[b];
                branchMacs += macs[b];
            }
            block.route(new BranchRoute(groups, placement.slotOf(), counter));
        }
        macsPerSlot[0] += MacCounter.count(network, inputShape).macs() - branchMacs;
        for (Parameter p : network.getParameters().values()) {
            Device device = slotOf.getOrDefault(p, home).device();
            if (p.isInitialized() && !p.getArray().getDevice().equals(device)) {
                ParameterMoves.relocate(p, managers.apply(device));
            }
        }
        return new NetworkPlacement(slots, groupSize, functions, macsPerSlot, counter, slotOf);
    }

    /**
     * Returns the routable blocks of a network, outermost first in order (a routable block's own
     * branches are not searched).
     *
     * @param network the network
     * @return the blocks whose branches a placement spreads
     */
    public static List<Routable> routables(Block network) {
        List<Pair<String, Routable>> found = new ArrayList<>();
        find(network, "net", found);
        return found.stream().map(Pair::getValue).toList();
    }

    /** Collects routable blocks with their paths; does not look inside a routable block's branches. */
    private static void find(Block block, String path, List<Pair<String, Routable>> out) {
        if (block instanceof Routable r) {
            out.add(new Pair<>(path, r));
            return;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            find(child.getValue(), path + "/" + child.getKey(), out);
        }
    }
}
