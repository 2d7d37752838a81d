package io.resgrow.core.history;

import java.util.ArrayList;
import java.util.List;

/** The epochs and events of a run so far, in order. Checkpoints save it; resumes restore it. */
public final class RunHistory {

    private final List<EpochRecord> epochs = new ArrayList<>();
    private final List<RunEvent> events = new ArrayList<>();

    /**
     * Appends an epoch.
     *
     * @param record the epoch
     */
    public void add(EpochRecord record) {
        epochs.add(record);
    }

    /**
     * Appends an event.
     *
     * @param event the event
     */
    public void add(RunEvent event) {
        events.add(event);
    }

    /**
     * Returns the epochs so far.
     *
     * @return an unmodifiable copy
     */
    public List<EpochRecord> epochs() {
        return List.copyOf(epochs);
    }

    /**
     * Returns the events so far.
     *
     * @return an unmodifiable copy
     */
    public List<RunEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Returns the number of epochs so far.
     *
     * @return the count
     */
    public int epochCount() {
        return epochs.size();
    }

    /**
     * Returns the run's FLOPs so far.
     *
     * @return the cumulative FLOPs of the last epoch, or 0
     */
    public double flops() {
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).cumulativeFlops();
    }

    /**
     * Returns the run's wall time so far.
     *
     * @return the seconds of the last epoch, or 0
     */
    public double seconds() {
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).seconds();
    }

    /**
     * Replaces the content with another history's (on resume).
     *
     * @param other the saved history
     */
    public void restore(RunHistory other) {
        epochs.clear();
        events.clear();
        epochs.addAll(other.epochs);
        events.addAll(other.events);
    }
}
