package io.resgrow.core.freeze;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.MacsAware;

/**
 * Wraps a block so that freezing it really freezes it: when none of its learnable parameters
 * trains, it runs its child in inference mode even during training, so BatchNorm normalises with
 * its running statistics and leaves them untouched (DJL's {@code freezeParameters} alone stops
 * gradients but BatchNorm still updates its statistics in training mode). Networks in {@code
 * resgrow-models} wrap every part a strategy may freeze; wrap your own blocks the same way.
 */
public final class FreezableBlock extends AbstractBlock implements MacsAware {

    private final Block inner;
    private volatile boolean frozen;

    private FreezableBlock(Block inner) {
        this.inner = addChildBlock("inner", inner);
    }

    /**
     * Wraps a block.
     *
     * @param block the block to wrap
     * @return the wrapper
     */
    public static FreezableBlock wrap(Block block) {
        return new FreezableBlock(block);
    }

    /**
     * Returns the wrapped block.
     *
     * @return the child
     */
    public Block inner() {
        return inner;
    }

    /**
     * Returns whether the child runs in inference mode: the state {@link Freezer} last found, so
     * the training step pays nothing for the check. {@link Freezer#setFrozen} and the training
     * loop keep it current; after changing {@code requiresGradient} by other means, call {@link
     * Freezer#refresh} on the network.
     *
     * @return true if frozen
     */
    public boolean isFrozen() {
        return frozen;
    }

    /**
     * Recomputes the frozen state from the parameters: frozen when the child has learnable
     * parameters and none of them trains.
     *
     * @return the new state
     */
    boolean refresh() {
        frozen = computeFrozen();
        return frozen;
    }

    private boolean computeFrozen() {
        boolean any = false;
        for (Parameter p : inner.getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            any = true;
            if (p.requiresGradient()) {
                return false;
            }
        }
        return any;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return inner.forward(parameterStore, inputs, training && !isFrozen(), params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inner.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] countMacs(MacCounter counter, Shape[] inputs) {
        return counter.visit(inner, inputs);
    }

    @Override
    public String toString() {
        return "Freezable(" + inner + ")";
    }
}
