package io.resgrow.core.network;

import ai.djl.nn.Block;
import java.util.List;

/**
 * A network with parallel parts (MonolithNet's branches, the residual functions of multi-residual
 * blocks), enumerable for freezing, for training alone, and for placement on devices.
 */
public interface Branched {

    /**
     * Returns the parallel parts.
     *
     * @return the branches, in a stable order
     */
    List<Block> branches();
}
