package io.resgrow.strategies.partitioned;

import io.resgrow.core.TrainingContext;
import io.resgrow.core.history.PhaseResult;

/**
 * Where stage 3 of {@link PartitionedStrategy} fine-tunes the fused network: as the run's own phase
 * in its process ({@link #IN_PROCESS}, the default), or elsewhere (resgrow-spark's {@code
 * LocalSgdFineTune} trains it as local SGD across Spark executors and loads the result into the
 * run's network). Either way the stage's epochs join the run's history.
 */
public interface FineTuneRunner {

    /** Runs stage 3 as the run's own phase, in this process. */
    FineTuneRunner IN_PROCESS = (ctx, stage) -> ctx.runPhase(stage.phase());

    /**
     * Fine-tunes the run's network ({@code ctx.network()}) end to end and leaves the result in it.
     *
     * @param ctx the run's context
     * @param stage the stage as the strategy planned it
     * @return the stage's result
     */
    PhaseResult run(TrainingContext ctx, FineTuneStage stage);

    /**
     * Says where stage 3 trains, for the strategy's description (a resume compares it).
     *
     * @return e.g. {@code "; fine-tune as local SGD (2 workers, 10 steps per round)"}, or empty here
     */
    default String describe() {
        return "";
    }
}
