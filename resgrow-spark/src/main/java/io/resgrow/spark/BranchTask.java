package io.resgrow.spark;

import io.resgrow.core.data.DataRecipe;
import io.resgrow.strategies.partitioned.BranchSpec;
import java.io.Serializable;

/**
 * What an executor needs to train one branch of partitioned stage 1, as plain values (never a DJL
 * object): the branch's work, its phase's ordinal in the run, the network's architecture (JSON of
 * {@code io.resgrow.core.network.Architecture}) and one sample's shape, the run's settings that the
 * phase reads, the branch's and its proxy head's parameters at the start, and the data's recipe.
 *
 * @param spec the branch's work
 * @param ordinal the phase's ordinal in the run
 * @param architecture the network's architecture as JSON
 * @param sampleShape one sample's shape
 * @param seed the run's seed
 * @param evalBatchSize the run's evaluation batch size
 * @param learningRateScale the run's learning rate scale
 * @param divergenceCheck the run's divergence check interval
 * @param params the branch's and its proxy's parameters ({@link ParameterBytes})
 * @param data the data's recipe
 * @param threads libtorch's intra-op threads on the executor (0: the task's cores)
 * @param checkpoints the branch's directory on shared storage ({@link BranchFiles}), or null for a
 *     run without checkpoints
 */
record BranchTask(
        BranchSpec spec,
        int ordinal,
        String architecture,
        long[] sampleShape,
        long seed,
        int evalBatchSize,
        double learningRateScale,
        int divergenceCheck,
        byte[] params,
        DataRecipe data,
        int threads,
        String checkpoints)
        implements Serializable {

    private static final long serialVersionUID = 2L;

    /** The same task with another branch directory. */
    BranchTask withCheckpoints(String dir) {
        return with(architecture, dir);
    }

    /** The same task with another architecture text and branch directory. */
    BranchTask with(String architectureJson, String dir) {
        return new BranchTask(
                spec,
                ordinal,
                architectureJson,
                sampleShape,
                seed,
                evalBatchSize,
                learningRateScale,
                divergenceCheck,
                params,
                data,
                threads,
                dir);
    }
}
