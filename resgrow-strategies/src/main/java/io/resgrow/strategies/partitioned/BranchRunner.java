package io.resgrow.strategies.partitioned;

import io.resgrow.core.TrainingContext;
import java.util.List;

/**
 * Where stage 1 of {@link PartitionedStrategy} trains its branches: one after the other in the
 * run's own process ({@link #IN_PROCESS}, the default), or elsewhere (resgrow-spark's {@code
 * SparkBranchRunner} sends each branch to a Spark executor as a task). A runner calls {@link
 * BranchWork#prepare} on every branch in order, trains it, and hands the result to {@link
 * BranchWork#finish}; stages 2 and 3 then run in the run's process.
 */
public interface BranchRunner {

    /** Trains the branches one by one in this process, as the strategy always did. */
    BranchRunner IN_PROCESS = (ctx, work) -> {
        for (BranchWork w : work) {
            w.finish(ctx.runPhase(w.prepare()));
        }
    };

    /**
     * Trains every branch of stage 1.
     *
     * @param ctx the run's context
     * @param work the branches, in order
     */
    void run(TrainingContext ctx, List<BranchWork> work);

    /**
     * Refuses, before any training, a run this runner cannot do; the default accepts every run.
     *
     * @param ctx the run's context
     * @param work the branches
     */
    default void check(TrainingContext ctx, List<BranchWork> work) {}
}
