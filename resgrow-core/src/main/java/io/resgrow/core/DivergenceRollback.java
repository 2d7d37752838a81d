package io.resgrow.core;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.TrainingReport;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * An optional policy for divergence: when a run stops with a {@link DivergenceException}, build it
 * again, resume it from its newest valid checkpoint (the last finite state: no checkpoint of
 * non-finite values is ever written) and continue with the learning rate divided by 10; give up
 * after {@code maxRollbacks} rollbacks and rethrow the last divergence.
 *
 * <p>The run is rebuilt from a supplier, with a fresh network, because a network that grew after
 * the checkpoint cannot be shrunk in place; the resume replays the strategy up to the checkpoint,
 * as after a crash. Each resumed run records the lowered factor in its report as a {@code
 * resume-changes} event ({@code learningRateScale: checkpoint 1.0, now 0.1}), and checkpoints
 * written after a rollback carry the new factor, so a later plain {@code resume} must pass it too.
 *
 * <pre>{@code
 * TrainingReport r = DivergenceRollback.fit(() -> ResGrow.train(newNetwork(), shape)
 *         .on(train, validation).checkpoints(dir), 3);
 * }</pre>
 */
public final class DivergenceRollback {

    private DivergenceRollback() {}

    /**
     * Fits a run, rolling back on divergence.
     *
     * @param run makes the run's builder, with a fresh network each time, checkpoints set
     * @param maxRollbacks how many rollbacks to try, >= 1
     * @return the report of the run that finished
     * @throws DivergenceException if the run still diverges after {@code maxRollbacks} rollbacks
     */
    public static TrainingReport fit(Supplier<RunBuilder> run, int maxRollbacks) {
        Check.positive("maxRollbacks", maxRollbacks);
        RunBuilder builder = run.get();
        TrainingRun first = builder.build();
        if (first.settings().checkpoints() == null) {
            throw new InvalidSettingException(
                    "checkpoints",
                    null,
                    "a checkpoint directory to roll back to",
                    "set checkpoints(dir) on the run, or fit without DivergenceRollback");
        }
        double scale = builder.learningRateScale();
        TrainingRun attempt = first;
        for (int rollbacks = 0; ; rollbacks++) {
            try {
                return attempt.fit();
            } catch (DivergenceException e) {
                if (rollbacks == maxRollbacks) {
                    throw e;
                }
                scale /= 10;
                LoggerFactory.getLogger(DivergenceRollback.class)
                        .warn(
                                "{} Rolling back to the last checkpoint with learning rate x{} (rollback {} of {}).",
                                e.getMessage(),
                                scale,
                                rollbacks + 1,
                                maxRollbacks);
                TrainingRun next = run.get()
                        .resume(true)
                        .resumeWithChanges(true)
                        .learningRateScale(scale)
                        .build();
                if (next.network() == attempt.network()) {
                    throw new InvalidSettingException(
                            "run",
                            "a supplier that returned the same network again",
                            "a supplier that builds a new network each time",
                            "create the network inside the supplier (a grown network cannot be rolled back in place)");
                }
                attempt = next;
            }
        }
    }
}
