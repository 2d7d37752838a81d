package io.resgrow.core.network;

import ai.djl.nn.Block;
import java.util.List;

/**
 * A sequence of blocks into which blocks can be inserted (a ResNet stage). Strategies that grow a
 * network depth-wise work through this interface, so a user's own stage can take part too.
 * Inserting shifts the positional names of later blocks' parameters: do it inside {@code
 * TrainingContext.restructure} so optimizer state follows.
 */
public interface GrowableStage extends Block {

    /**
     * Returns the blocks in order.
     *
     * @return an unmodifiable list
     */
    List<Block> blocks();

    /**
     * Inserts a block.
     *
     * @param index the position, in {@code [0, blocks().size()]}
     * @param block an initialised block that fits between its neighbours
     */
    void insert(int index, Block block);

    /**
     * Removes a block (for lesion studies).
     *
     * @param index the position
     * @return the removed block
     */
    Block remove(int index);
}
