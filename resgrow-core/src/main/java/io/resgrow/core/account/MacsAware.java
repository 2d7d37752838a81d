package io.resgrow.core.account;

import ai.djl.ndarray.types.Shape;

/**
 * Lets a block with children tell the {@link MacCounter} how its input flows through them. Blocks
 * built from {@code SequentialBlock} and {@code ParallelBlock} need nothing; a custom block (a
 * residual block, say) implements this by visiting each child with the shapes it receives.
 */
public interface MacsAware {

    /**
     * Visits the children with the shapes they receive and returns this block's output shapes.
     *
     * @param counter the counter to visit children with ({@link MacCounter#visit})
     * @param inputs this block's input shapes
     * @return this block's output shapes
     */
    Shape[] countMacs(MacCounter counter, Shape[] inputs);
}
