package io.resgrow.core.network;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.function.BiConsumer;

/**
 * A network that grows at its end, as in Istrate et al.: of its planned sub-networks S1..SK only
 * the first {@link #grown()} run, followed by a classifier sized for the last one's output; {@link
 * #grow} appends the next sub-network before the classifier and replaces the classifier with a new
 * one for the new feature width. {@link Partitioned#subNetworks()} lists all K planned parts and
 * {@link Partitioned#classifier()} the current classifier.
 *
 * <p>Grow inside {@code TrainingContext.restructure} so optimizer state follows: the earlier
 * sub-networks keep their parameter names (and so their state), the old classifier's parameters
 * leave the network, its optimizer state and later checkpoints.
 */
public interface Growable extends Partitioned {

    /**
     * Returns how many sub-networks run now.
     *
     * @return k, in [1, K]
     */
    int grown();

    /**
     * Appends S(k+1) and a new classifier for its output.
     *
     * @param batchInputShape the network's input shape, batch dimension included
     * @param initializer initialises a new block for the given input shape (a strategy passes the
     *     run context's {@code initialize}, so new parts start the same way in a resumed run)
     * @return the classifier that was replaced (no longer part of the network)
     */
    Block grow(Shape batchInputShape, BiConsumer<Block, Shape> initializer);
}
