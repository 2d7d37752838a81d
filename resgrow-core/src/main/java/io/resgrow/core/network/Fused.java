package io.resgrow.core.network;

import ai.djl.nn.Block;

/**
 * A {@link Branched} network whose output is a fusion head applied to its branches' outputs
 * concatenated along axis 1: {@code forward(x) = fusion(concat(branch_1(x), ..., branch_N(x)))},
 * every branch reading the same input. MonolithNet is one; so is any block of your own that keeps
 * this contract (two small ResNets side by side under a linear layer, say). Strategies train the
 * branches alone, then the fusion head on their features, then everything.
 */
public interface Fused extends Branched {

    /**
     * Returns the fusion head, which reads the concatenated branch outputs.
     *
     * @return the head (wrap it with {@code FreezableBlock} if it holds BatchNorm)
     */
    Block fusion();
}
