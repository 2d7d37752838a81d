package io.resgrow.core.engine;

import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;

/**
 * Which networks draw from libtorch's global generator while they train. A run seeds that generator
 * (JVM-wide, shared with any other torch work) only where it has to: before initialising blocks,
 * and before every step only for a network that holds a {@link Dropout} or a block resgrow does not
 * know (a user's own block may draw random numbers; DJL's other layers and resgrow's blocks do
 * not). Other randomness of a run (data order, augmentation, subsets) comes from its own seeded
 * Java generators and never touches the global one.
 */
public final class RandomBlocks {

    private RandomBlocks() {}

    /**
     * Tells whether a training step of the block may draw from libtorch's global generator.
     *
     * @param block the network
     * @return true if it holds a dropout or a block outside DJL's {@code ai.djl.nn} and resgrow
     */
    public static boolean drawsRandomness(Block block) {
        String name = block.getClass().getName();
        if (block instanceof Dropout || !(name.startsWith("ai.djl.nn.") || name.startsWith("io.resgrow."))) {
            return true;
        }
        for (Block child : block.getChildren().values()) {
            if (drawsRandomness(child)) {
                return true;
            }
        }
        return false;
    }
}
