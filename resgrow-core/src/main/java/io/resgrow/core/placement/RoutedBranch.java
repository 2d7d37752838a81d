package io.resgrow.core.placement;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.MacsAware;

/**
 * One branch of a {@link Routable} block, run alone where the block's route puts it: the input is
 * sent to the branch's slot and the output comes back to the input's device. A strategy that trains
 * a branch by itself (stage 1 of partitioned training) wraps it so, and the branch trains on its
 * own device under model parallelism; without a route the branch runs where its input is.
 */
public final class RoutedBranch extends AbstractBlock implements MacsAware {

    private final Routable owner;
    private final int index;
    private final Block branch;

    /**
     * Wraps branch {@code index} of a block.
     *
     * @param owner the block whose route places the branch
     * @param index the branch's index in {@link Routable#branches()}
     */
    public RoutedBranch(Routable owner, int index) {
        this.owner = owner;
        this.index = index;
        this.branch = addChildBlock("branch", owner.branches().get(index));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        BranchRoute route = owner.route();
        if (route == null) {
            return branch.forward(ps, inputs, training, params);
        }
        return new NDList(route.one(owner.branches(), index, ps, inputs, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return branch.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        branch.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] countMacs(MacCounter counter, Shape[] inputs) {
        return counter.visit(branch, inputs);
    }

    @Override
    public String toString() {
        return "Routed(" + branch + ")";
    }
}
