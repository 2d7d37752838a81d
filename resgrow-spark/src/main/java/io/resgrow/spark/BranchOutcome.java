package io.resgrow.spark;

import java.io.Serializable;

/**
 * What an executor sends back for one branch: the trained parameters of the branch and its proxy
 * head, the phase's result and epoch records (JSON), where and how long it ran, and how the task
 * got them: trained from the start, resumed from the branch's checkpoint, or reused (the outcome an
 * earlier task wrote, {@link BranchFiles}).
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
 * @param attempt Spark's attempt number of the task (0 for the first)
 * @param origin {@code trained}, {@code resumed} or {@code reused}
 * @param resumedEpoch the epochs the branch's checkpoint had done when the task resumed it (-1: none)
 * @param fault a finished outcome that was refused (corrupt), or empty
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
        double taskSeconds,
        int attempt,
        String origin,
        int resumedEpoch,
        String fault)
        implements Serializable {

    private static final long serialVersionUID = 2L;

    /** Trained from the start. */
    static final String TRAINED = "trained";

    /** Continued from the branch's own checkpoint. */
    static final String RESUMED = "resumed";

    /** Loaded from the outcome an earlier task wrote: nothing trained. */
    static final String REUSED = "reused";

    /** This outcome as a later task returns it without training: where that task ran, and nothing trained. */
    BranchOutcome reused(String host, String executor, long pid, int attempt, double taskSeconds) {
        return new BranchOutcome(
                branch,
                params,
                result,
                epochs,
                host,
                executor,
                pid,
                threads,
                0,
                0,
                taskSeconds,
                attempt,
                REUSED,
                -1,
                "");
    }
}
