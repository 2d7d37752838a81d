package io.resgrow.core;

/**
 * Stops a phase whose training loss is no longer finite: reads the epoch's loss sum every {@code
 * every} steps, before every mid-epoch checkpoint (none is written after a NaN) and at the epoch's
 * last step. NaN stays NaN in a sum, so one read covers every step since the last.
 */
final class DivergenceCheck implements LoopHook {

    private final String phase;
    private final int every;
    private final int checkpointEvery;
    private final boolean checkpoints;
    /** The first step of the window the next read covers (1-based). */
    private int checkedFrom;

    DivergenceCheck(String phase, int every, int checkpointEvery, boolean checkpoints) {
        this.phase = phase;
        this.checkpoints = checkpoints;
        this.every = every;
        this.checkpointEvery = checkpointEvery;
    }

    @Override
    public void beforeEpoch(int phaseEpoch, int firstStep) {
        checkedFrom = firstStep + 1;
    }

    @Override
    public void afterStep(StepEnd s) {
        int done = s.done();
        if (done % every != 0 && done != s.steps() && !PhaseCheckpoints.savesAt(checkpointEvery, s)) {
            return;
        }
        float sum = s.lossSum();
        if (!Float.isFinite(sum)) {
            throw new DivergenceException(
                    phase,
                    s.runEpoch(),
                    checkedFrom,
                    done,
                    "the training loss summed over the epoch is " + sum,
                    checkpoints);
        }
        checkedFrom = done + 1;
    }
}
