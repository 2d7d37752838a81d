package io.resgrow.core;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.PhaseResult;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Phases of a run that another process trains (resgrow-spark sends partitioned stage 1's branches
 * to Spark executors). The run {@linkplain #reserve reserves} their ordinals, so that a phase
 * trained there under its ordinal draws the data order, augmentation and dropout it would draw
 * here; it {@linkplain #await waits} for them without holding the JVM's one training at a time;
 * then it {@linkplain #adopt adopts} each: its epochs join the run's history, renumbered to follow
 * the run's epochs, with the run's FLOPs before them added and the run's clock when they arrive as
 * their time (the phase's own wall time stays in its result); the listeners hear them as if they
 * had run here. A resumed run that replays cannot send phases elsewhere; it may reserve ordinals
 * its checkpoint has passed (a run that trains one phase elsewhere under ordinal k reserves 0..k-1
 * and, resumed from its own checkpoint in phase k, continues it).
 */
public final class ElsewherePhases {

    private ElsewherePhases() {}

    /**
     * Reserves the ordinals of phases another process trains.
     *
     * @param ctx the run's context
     * @param count how many phases
     * @return the first reserved ordinal
     */
    public static int reserve(TrainingContext ctx, int count) {
        return ctx.reservePhases(count);
    }

    /**
     * Runs work that waits for the other processes, letting this JVM run another training
     * meanwhile (a local Spark master runs its tasks in this JVM), then takes the run back.
     *
     * @param work the waiting
     * @param <T> what it returns
     * @return its result
     */
    public static <T> T await(Supplier<T> work) {
        return RunExecution.outside(work);
    }

    /**
     * Adds a phase that ran elsewhere under a reserved ordinal to the run; the caller has loaded
     * the parameters it trained.
     *
     * @param ctx the run's context
     * @param ran the phase's result where it ran
     * @param epochs its epoch records there (FLOPs counted from the phase's start)
     * @return the result
     */
    public static PhaseResult adopt(TrainingContext ctx, PhaseResult ran, List<EpochRecord> epochs) {
        double flopsBefore = ctx.flops();
        double now = ctx.seconds();
        for (EpochRecord r : epochs) {
            EpochRecord here = r.renumbered(ctx.history().epochCount() + 1, flopsBefore + r.cumulativeFlops(), now);
            ctx.history().add(here);
            ctx.settings().listeners().onEpoch(here);
        }
        ctx.addFlops(ran.flops());
        ctx.addPhaseResult(ran);
        ctx.event(
                "phase-end",
                ran.name() + ": trained in another process",
                Map.of(
                        "ordinal",
                        ran.ordinal(),
                        "epochs",
                        ran.epochs(),
                        "steps",
                        ran.steps(),
                        "seconds",
                        ran.seconds(),
                        "flops",
                        ran.flops()));
        return ran;
    }
}
