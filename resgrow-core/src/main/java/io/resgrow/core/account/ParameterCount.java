package io.resgrow.core.account;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/**
 * Counts learnable parameters as papers and PyTorch's {@code parameters()} do: BatchNorm's running
 * mean and variance, which DJL lists among a block's parameters, are left out. The block must be
 * initialised (its parameter shapes known).
 */
public final class ParameterCount {

    private ParameterCount() {}

    /**
     * Returns the number of learnable values.
     *
     * @param block an initialised block
     * @return the count
     */
    public static long learnable(Block block) {
        return count(block, false);
    }

    /**
     * Returns the number of learnable values of a throwaway block: it is initialised on a manager of
     * its own for one sample, counted, and its arrays are released with that manager (so do not
     * train it afterwards).
     *
     * @param fresh a block not initialised yet
     * @param sample the shape of one sample, without the batch axis
     * @return the count
     */
    public static long learnableOfCopy(Block fresh, Shape sample) {
        try (NDManager m = NDManager.newBaseManager()) {
            fresh.initialize(m, DataType.FLOAT32, new Shape(1).addAll(sample));
            return learnable(fresh);
        }
    }

    /**
     * Returns the number of learnable values that are not frozen.
     *
     * @param block an initialised block
     * @return the count
     */
    public static long trainable(Block block) {
        return count(block, true);
    }

    /**
     * Returns whether a parameter is a running statistic rather than a learnable value.
     *
     * @param parameter the parameter
     * @return true for BatchNorm's running mean and variance
     */
    public static boolean isRunningStatistic(Parameter parameter) {
        Parameter.Type type = parameter.getType();
        return type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR;
    }

    private static long count(Block block, boolean onlyTrainable) {
        long total = 0;
        for (Parameter p : block.getParameters().values()) {
            if (isRunningStatistic(p) || (onlyTrainable && !p.requiresGradient())) {
                continue;
            }
            Shape shape = p.getShape();
            if (shape == null) {
                throw new IllegalStateException("parameter '" + p.getName() + "' has no shape yet: initialise the block"
                        + " (block.initialize(manager, DataType.FLOAT32, inputShape))"
                        + " before counting");
            }
            total += shape.size();
        }
        return total;
    }
}
