package io.resgrow.core.placement;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the branches of one {@link io.resgrow.core.network.Routable} block run, and how their
 * results meet (Abdi and Nahavandi 2016, section 4, figure 3): the block's input goes once to every
 * other slot that holds a branch, each slot runs its branches and sums them locally, and each
 * remote partial sum comes back once to the home slot, where it is added to the home slot's own
 * partial sum. Every remote slot's work is launched before the home slot's and before any partial
 * sum is brought back, and nothing is read on the host, so on GPUs the slots overlap.
 *
 * <p>Gradients flow back through the copies (autograd sends each copy's gradient to its source
 * device). Transfers are counted per slot pair in a {@link TransferCounter}; between two slots of
 * one real device no copy is made, but the transfer is still counted.
 */
public final class BranchRoute {

    private final Slot home;
    private final List<Slot> slotOf;
    private final List<Slot> remote = new ArrayList<>();
    private final List<List<Integer>> remoteBranches = new ArrayList<>();
    private final List<Integer> homeBranches = new ArrayList<>();
    private final TransferCounter counter;

    /**
     * Creates a route.
     *
     * @param home the slot the block's input and output live on
     * @param slotOf the slot of each branch
     * @param counter where transfers are counted
     */
    public BranchRoute(Slot home, List<Slot> slotOf, TransferCounter counter) {
        this.home = home;
        this.slotOf = List.copyOf(slotOf);
        this.counter = counter;
        for (int b = 0; b < slotOf.size(); b++) {
            Slot s = slotOf.get(b);
            if (s.index() == home.index()) {
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
    }

    /**
     * Returns the home slot.
     *
     * @return the slot of the block's input and output
     */
    public Slot home() {
        return home;
    }

    /**
     * Returns the slot of each branch.
     *
     * @return the slots, one per branch
     */
    public List<Slot> slots() {
        return slotOf;
    }

    /**
     * Returns how many slots other than home hold a branch.
     *
     * @return the remote slot count
     */
    public int remoteSlots() {
        return remote.size();
    }

    /**
     * Runs every branch on its slot and returns the sum of their outputs on the home slot's device.
     *
     * @param branches the block's branches, one per slot of this route
     * @param ps the parameter store
     * @param inputs the block's input, on the home device
     * @param training whether in training mode
     * @return the sum of the branch outputs, a fresh array on the home device
     */
    public NDArray sum(List<? extends Block> branches, ParameterStore ps, NDList inputs, boolean training) {
        if (branches.size() != slotOf.size()) {
            throw new IllegalStateException("the route places " + slotOf.size() + " branches but the block has "
                    + branches.size() + ": place the network again after changing it");
        }
        NDArray x = inputs.singletonOrThrow();
        NDArray[] partials = new NDArray[remote.size()];
        for (int r = 0; r < remote.size(); r++) {
            NDList there = new NDList(send(x, remote.get(r).device(), training));
            partials[r] = sumOf(branches, remoteBranches.get(r), ps, there, training);
        }
        NDArray total = sumOf(branches, homeBranches, ps, inputs, training);
        for (NDArray partial : partials) {
            NDArray back = send(partial, home.device(), training);
            total = total == null ? back : total.addi(back);
        }
        return total;
    }

    private static NDArray sumOf(List<? extends Block> branches, List<Integer> which, ParameterStore ps,
            NDList inputs, boolean training) {
        NDArray sum = null;
        for (int b : which) {
            NDArray r = branches.get(b).forward(ps, inputs, training).singletonOrThrow();
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
        return "route(home " + home + ", branches on " + slotOf + ")";
    }
}
