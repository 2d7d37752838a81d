package io.resgrow.core;

import io.resgrow.core.listen.TrainingListener;
import java.util.List;

/** Tells the run's listeners about every step and every epoch of a phase. */
final class ListenerCalls implements LoopHook {

    private final List<TrainingListener> listeners;
    private final String phase;

    ListenerCalls(List<TrainingListener> listeners, String phase) {
        this.listeners = listeners;
        this.phase = phase;
    }

    @Override
    public void afterStep(StepEnd s) {
        int done = s.done();
        TrainingListener.StepInfo info = new TrainingListener.StepInfo(
                phase,
                s.runEpoch(),
                done,
                s.steps(),
                s.samples(),
                s.nanos(),
                s.waitNanos(),
                () -> s.lossSumArray().getFloat() / done);
        for (TrainingListener l : listeners) {
            l.onStep(info);
        }
    }

    @Override
    public void afterEpoch(EpochEnd epoch) {
        for (TrainingListener l : listeners) {
            l.onEpoch(epoch.record());
        }
    }
}
