package io.resgrow.core.placement;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.resgrow.core.engine.PlacedParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the branches of one {@link io.resgrow.core.placement.Routable} block run, and how their
 * results meet (Abdi and Nahavandi 2016, section 4, figure 3): the block's input goes once to every
 * other slot that holds a branch, each slot runs its branches and sums them locally, and each
 * remote partial sum comes back once to the home slot, where it is added to the home slot's own
 * partial sum. Every remote slot's work is launched before the home slot's and before any partial
 * sum is brought back, and nothing is read on the host, so on GPUs the slots overlap.
 *
 * <p>With data-parallel groups (hybrid parallelism) every group has the same layout on its own
 * slots; the group that runs is the one the {@link PlacedParameterStore} says.
 *
 * <p>Gradients flow back through the copies (autograd sends each copy's gradient to its source
 * device). Transfers are counted per slot pair in a {@link TransferCounter}; between two slots of
 * one real device no copy is made, but the transfer is still counted.
 */
public final class BranchRoute {

    private final List<Layout> groups = new ArrayList<>();
    private final TransferCounter counter;

    /** One group's layout: its home slot, the remote slots and the branches on each. */
    private record Layout(
            Slot home,
            List<Slot> slotOf,
            List<Slot> remote,
            List<List<Integer>> remoteBranches,
            List<Integer> homeBranches) {

        static Layout of(List<Slot> group, int[] slotInGroup) {
            Slot home = group.get(0);
            List<Slot> slotOf = new ArrayList<>();
            List<Slot> remote = new ArrayList<>();
            List<List<Integer>> remoteBranches = new ArrayList<>();
            List<Integer> homeBranches = new ArrayList<>();
            for (int b = 0; b < slotInGroup.length; b++) {
                Slot s = group.get(slotInGroup[b]);
                slotOf.add(s);
                if (s.equals(home)) {
                    homeBranches.add(b);
                    continue;
                }
                int at = remote.indexOf(s);
                if (at < 0) {
                    remote.add(s);
                    remoteBranches.add(new ArrayList<>());
                    at = remote.size() - 1;
                }
                remoteBranches.get(at).add(b);
            }
            return new Layout(home, List.copyOf(slotOf), remote, remoteBranches, homeBranches);
        }
    }

    /**
     * Creates a route.
     *
     * @param groups the slots of each data-parallel group, home first (one group without hybrid)
     * @param slotInGroup for each branch, the index of its slot within a group
     * @param counter where transfers are counted
     */
    public BranchRoute(List<List<Slot>> groups, int[] slotInGroup, TransferCounter counter) {
        for (List<Slot> g : groups) {
            this.groups.add(Layout.of(g, slotInGroup));
        }
        this.counter = counter;
    }

    /**
     * Returns the home slot of the first group.
     *
     * @return the slot of the block's input and output
     */
    public Slot home() {
        return groups.get(0).home();
    }

    /**
     * Returns the slot of each branch in the first group.
     *
     * @return the slots, one per branch
     */
    public List<Slot> slots() {
        return groups.get(0).slotOf();
    }

    /**
     * Returns how many slots other than home hold a branch.
     *
     * @return the remote slot count
     */
    public int remoteSlots() {
        return groups.get(0).remote().size();
    }

    /**
     * Runs every branch on its slot and returns the sum of their outputs on the home slot's device.
     *
     * @param branches the block's branches, one per slot of this route
     * @param ps the parameter store (a {@link PlacedParameterStore} names the running group)
     * @param inputs the block's input, on the home device
     * @param training whether in training mode
     * @return the sum of the branch outputs, a fresh array on the home device
     */
    public NDArray sum(List<? extends Block> branches, ParameterStore ps, NDList inputs, boolean training) {
        Layout g = layout(branches, ps);
        NDArray[][] remote = launchRemote(g, branches, ps, inputs, training);
        NDArray[] partials = new NDArray[remote.length];
        for (int r = 0; r < remote.length; r++) {
            partials[r] = sumOf(remote[r]);
        }
        NDArray total = sumOf(run(branches, g.homeBranches(), ps, inputs, training));
        for (NDArray partial : partials) {
            NDArray back = send(partial, g.home().device(), training);
            total = total == null ? back : total.addi(back);
        }
        return total;
    }

    /**
     * Runs every branch on its slot and returns each branch's output on the home slot's device,
     * for blocks that join their branches otherwise than by a sum (MonolithNet concatenates): each
     * remote output comes back on its own.
     *
     * @param branches the block's branches, one per slot of this route
     * @param ps the parameter store (a {@link PlacedParameterStore} names the running group)
     * @param inputs the block's input, on the home device
     * @param training whether in training mode
     * @return one output per branch, in branch order, on the home device
     */
    public NDArray[] outputs(List<? extends Block> branches, ParameterStore ps, NDList inputs, boolean training) {
        Layout g = layout(branches, ps);
        NDArray[][] remote = launchRemote(g, branches, ps, inputs, training);
        NDArray[] home = run(branches, g.homeBranches(), ps, inputs, training);
        NDArray[] out = new NDArray[branches.size()];
        for (int i = 0; i < home.length; i++) {
            out[g.homeBranches().get(i)] = home[i];
        }
        for (int r = 0; r < remote.length; r++) {
            for (int i = 0; i < remote[r].length; i++) {
                out[g.remoteBranches().get(r).get(i)] =
                        send(remote[r][i], g.home().device(), training);
            }
        }
        return out;
    }

    /**
     * Runs one branch alone on its slot (a branch trained by itself, as in stage 1 of partitioned
     * training) and returns its output on the home slot's device.
     *
     * @param branches the block's branches, one per slot of this route
     * @param branch the branch's index
     * @param ps the parameter store (a {@link PlacedParameterStore} names the running group)
     * @param inputs the input, on the home device
     * @param training whether in training mode
     * @return the branch's output on the home device
     */
    public NDArray one(List<? extends Block> branches, int branch, ParameterStore ps, NDList inputs, boolean training) {
        Layout g = layout(branches, ps);
        Device there = g.slotOf().get(branch).device();
        Device home = g.home().device();
        boolean remote = !g.slotOf().get(branch).equals(g.home());
        NDList in = remote ? new NDList(send(inputs.singletonOrThrow(), there, training)) : inputs;
        NDArray out = branches.get(branch).forward(ps, in, training).singletonOrThrow();
        return remote ? send(out, home, training) : out;
    }

    private Layout layout(List<? extends Block> branches, ParameterStore ps) {
        Layout g = groups.get(ps instanceof PlacedParameterStore placed ? placed.group() : 0);
        if (branches.size() != g.slotOf().size()) {
            throw new IllegalStateException("the route places " + g.slotOf().size() + " branches but the block has "
                    + branches.size() + ": place the network again after changing it");
        }
        return g;
    }

    /** Sends the input once to every remote slot and launches its branches there, before any result is read. */
    private NDArray[][] launchRemote(
            Layout g, List<? extends Block> branches, ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        NDArray[][] outs = new NDArray[g.remote().size()][];
        for (int r = 0; r < outs.length; r++) {
            NDList there = new NDList(send(x, g.remote().get(r).device(), training));
            outs[r] = run(branches, g.remoteBranches().get(r), ps, there, training);
        }
        return outs;
    }

    /**
     * Runs every branch where the input is (a block without a route) and returns their sum.
     *
     * @param branches the block's branches
     * @param ps the parameter store
     * @param inputs the block's input
     * @param training whether in training mode
     * @return the sum of the branch outputs, a fresh array
     */
    public static NDArray sumHere(List<? extends Block> branches, ParameterStore ps, NDList inputs, boolean training) {
        return sumOf(outputsHere(branches, ps, inputs, training));
    }

    /**
     * Runs every branch where the input is (a block without a route) and returns their outputs.
     *
     * @param branches the block's branches
     * @param ps the parameter store
     * @param inputs the block's input
     * @param training whether in training mode
     * @return one output per branch, in branch order
     */
    public static NDArray[] outputsHere(
            List<? extends Block> branches, ParameterStore ps, NDList inputs, boolean training) {
        NDArray[] outs = new NDArray[branches.size()];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = branches.get(i).forward(ps, inputs, training).singletonOrThrow();
        }
        return outs;
    }

    private static NDArray[] run(
            List<? extends Block> branches, List<Integer> which, ParameterStore ps, NDList inputs, boolean training) {
        NDArray[] outs = new NDArray[which.size()];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = branches.get(which.get(i)).forward(ps, inputs, training).singletonOrThrow();
        }
        return outs;
    }

    private static NDArray sumOf(NDArray[] outs) {
        NDArray sum = null;
        for (NDArray r : outs) {
            // in place: r is a fresh output, and a sum needs no operand values for backward
            sum = sum == null ? r : sum.addi(r);
        }
        return sum;
    }

    /**
     * Moves an array to another slot: a differentiable copy across real devices, none within one.
     * In a training pass the copy's gradient comes back in the backward pass, counted with it.
     */
    private NDArray send(NDArray a, Device device, boolean training) {
        counter.count(a.size(), a.getDataType().getNumOfBytes(), training);
        return a.getDevice().equals(device) ? a : a.toDevice(device, false);
    }

    @Override
    public String toString() {
        return "route(home " + home() + ", branches on " + slots()
                + (groups.size() > 1 ? ", " + groups.size() + " groups" : "") + ")";
    }
}
