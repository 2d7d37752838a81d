package io.resgrow.core.placement;

import ai.djl.nn.Block;
import io.resgrow.core.account.MacCounter;
import java.util.List;

/**
 * A block whose parallel branches all read its input and whose output combines theirs (the k
 * residual functions of a multi-residual block, Abdi and Nahavandi 2016, section 4), so that each
 * branch can run on a device of its own: the block's input is sent to each branch's device and the
 * results come back to the block's home device. Implement it on your own block to have {@code
 * ModelParallelBranches} place it; without a route the block runs all branches where its input is.
 */
public interface Routable extends Block {

    /**
     * Returns the branches, in the order a route assigns slots to them.
     *
     * @return the branches
     */
    List<? extends Block> branches();

    /**
     * Returns the MACs per sample of each branch, for balancing (the block must be initialised).
     *
     * @return one figure per branch
     */
    default long[] branchMacs() {
        return MacCounter.each(branches(), getInputShapes());
    }

    /**
     * Sets where the branches run from the next forward pass on.
     *
     * @param route the route, or null to run every branch where the input is
     */
    void route(BranchRoute route);

    /**
     * Returns the route set last.
     *
     * @return the route, or null
     */
    BranchRoute route();
}
