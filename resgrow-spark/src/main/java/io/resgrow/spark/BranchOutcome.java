package io.resgrow.spark;

import java.io.Serializable;

/**
 * What an executor sends back for one branch: the trained parameters of the branch and its proxy
 * head, the phase's result and epoch records (JSON), and where and how long it ran.
 *
 * @param branch the 1-based branch
 * @param params the parameters ({@link ParameterBytes})
 * @param result the phase's {@code PhaseResult} as JSON
 * @param epochs its {@code EpochRecord}s as JSON
 * @param host the executor's host
 * @param executor Spark's executor id ({@code driver} on a local master)
 * @param pid the executor JVM's process id
 * @param threads libtorch's intra-op threads there (from {@code ai.djl.pytorch.num_threads})
 * @param dataSeconds time to make the data (0 when the executor had it already)
 * @param trainSeconds time of the branch's training, from building the network to its last epoch
 * @param taskSeconds the task's whole time on the executor
 */
record BranchOutcome(
        int branch,
        byte[] params,
        String result,
        String epochs,
        String host,
        String executor,
        long pid,
        int threads,
        double dataSeconds,
        double trainSeconds,
        double taskSeconds)
        implements Serializable {

    private static final long serialVersionUID = 1L;
}
