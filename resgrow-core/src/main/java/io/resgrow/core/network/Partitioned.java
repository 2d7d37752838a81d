package io.resgrow.core.network;

import ai.djl.nn.Block;
import java.util.List;

/**
 * A network seen as ordered sub-networks S1..SK followed by a classifier, so that a strategy can
 * train S1..Sk with a classifier and add S(k+1) later (Istrate et al.). Running the sub-networks in
 * order and then the classifier is the whole network.
 */
public interface Partitioned {

    /**
     * Returns the sub-networks in order.
     *
     * @return S1..SK
     */
    List<Block> subNetworks();

    /**
     * Returns the classifier that follows the last sub-network.
     *
     * @return the classifier block
     */
    Block classifier();
}
