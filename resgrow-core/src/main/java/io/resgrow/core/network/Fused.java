package io.resgrow.core.network;

import ai.djl.nn.Block;
import java.util.List;

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

    /**
     * Puts a user's own blocks side by side under a fusion head, for the partitioned strategy:
     * every branch reads the input, their outputs are concatenated along axis 1, and the head reads
     * them. For example two small DJL networks with 10 outputs each under {@code
     * Linear.builder().setUnits(10).build()}.
     *
     * @param branches the branches (each any DJL block; wrapped so that a frozen one keeps its
     *     BatchNorm statistics)
     * @param fusion the head
     * @return the fused network
     */
    static FusedBlock of(List<? extends Block> branches, Block fusion) {
        return new FusedBlock(branches, fusion);
    }
}
