package io.resgrow.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.resgrow.core.account.ParameterCount;

/** Helpers for model tests. */
public final class Nets {

    private Nets() {}

    /**
     * Initialises and returns the learnable parameter count.
     *
     * @param net the network
     * @param m the manager
     * @param input input shape with batch
     * @return the count
     */
    public static long init(Block net, NDManager m, Shape input) {
        net.initialize(m, DataType.FLOAT32, input);
        return ParameterCount.learnable(net);
    }

    /**
     * Counts the values DJL actually allocated for learnable parameters (array sizes).
     *
     * @param net an initialised network
     * @return the count
     */
    public static long allocated(Block net) {
        long n = 0;
        for (Parameter p : net.getParameters().values()) {
            if (!ParameterCount.isRunningStatistic(p)) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    /**
     * Runs a block in inference mode.
     *
     * @param net the block
     * @param m the manager
     * @param x the input
     * @return the output
     */
    public static NDArray infer(Block net, NDManager m, NDArray x) {
        return net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }
}
