package io.resgrow.core.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A user's own composite block, written the way DJL's {@code AbstractBlock} javadoc teaches: y = x +
 * b(relu(a(x))) with two linear children, {@code units} equal to the input's width. resgrow's MAC counter
 * does not know it.
 */
public final class UserResidual extends AbstractBlock {
    private final Block a;
    private final Block b;

    /**
     * Creates the block.
     *
     * @param units the width of its input and output
     */
    public UserResidual(int units) {
        a = addChildBlock("a", Linear.builder().setUnits(units).build());
        b = addChildBlock("b", Linear.builder().setUnits(units).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = Activation.relu(a.forward(store, inputs, training).head());
        return new NDList(b.forward(store, new NDList(h), training).head().add(inputs.head()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return inputs;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... inputs) {
        a.initialize(manager, type, inputs);
        b.initialize(manager, type, a.getOutputShapes(inputs));
    }
}
