package io.resgrow.core;

import io.resgrow.core.listen.RunListener;

/** Tells the run's listeners about every step and every epoch of a phase. */
final class ListenerCalls implements LoopHook {

    private final RunListener listeners;
    private final String phase;

    ListenerCalls(RunListener listeners, String phase) {
        this.listeners = listeners;
        this.phase = phase;
    }

    @Override
    public void afterStep(StepEnd s) {
        int done = s.done();
        RunListener.StepInfo info = new RunListener.StepInfo(
                phase,
                s.runEpoch(),
                done,
                s.steps(),
                s.samples(),
                s.nanos(),
                s.waitNanos(),
                () -> s.lossSumArray().getFloat() / done);
        listeners.onStep(info);
    }

    @Override
    public void afterEpoch(EpochEnd epoch) {
        listeners.onEpoch(epoch.record());
    }
}
