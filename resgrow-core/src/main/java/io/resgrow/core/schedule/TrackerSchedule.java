package io.resgrow.core.schedule;

import ai.djl.training.tracker.Tracker;
import java.util.Locale;

/**
 * A DJL {@link Tracker} as a schedule: step {@code s} of a phase (0-based, over its epochs) gets
 * {@code tracker.getNewValue(s + 1)}, the value DJL's optimizers ask for at their {@code (s + 1)}-th
 * update. Like every schedule it restarts with each phase of a strategy; a run of one phase (plain
 * training) follows the tracker exactly as DJL's {@code Trainer} would. DJL's trackers are pure
 * functions of the update count, so a resumed run continues exactly.
 *
 * @param tracker the tracker
 */
public record TrackerSchedule(Tracker tracker) implements LrSchedule {

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        return tracker.getNewValue(epoch * stepsPerEpoch + step + 1);
    }

    /**
     * Describes the tracker by its class and some of its values, which a resume compares.
     *
     * @return e.g. {@code DJL FactorTracker(1: 0.1, 10: 0.05, 100: ..., 1000: ...)}
     */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "DJL %s(1: %s, 10: %s, 100: %s, 1000: %s)",
                tracker.getClass().getSimpleName(),
                tracker.getNewValue(1),
                tracker.getNewValue(10),
                tracker.getNewValue(100),
                tracker.getNewValue(1000));
    }
}
