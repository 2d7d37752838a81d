package io.resgrow.core.network;

import ai.djl.ndarray.NDManager;

/**
 * A network that can be interpolated as in Chang et al. (2018): every stage doubles its blocks
 * with copies of their neighbours and the step size h halves, so the deeper network starts close
 * to the shallower one it replaces.
 */
public interface Interpolatable {

    /**
     * Interpolates every stage.
     *
     * @param manager the manager that owns the network's parameters (new blocks are initialised
     *     on it)
     */
    void interpolate(NDManager manager);

    /**
     * Returns blocks per stage.
     *
     * @return e.g. {2, 2, 2}
     */
    int[] blocksPerStage();

    /**
     * Returns the step size h.
     *
     * @return h
     */
    double stepSize();
}
