package io.resgrow.core;

/**
 * Something the phase loop calls at the ends of steps and epochs: FLOP accounting, the epoch's
 * record and validation, the listeners, the divergence check and checkpoints each sit outside the
 * loop this way (as DJL's checkpoint and divergence listeners sit outside {@code EasyTrain}). Hooks
 * run in the order the phase lists them; one that throws stops the phase.
 */
interface LoopHook {

    /**
     * Called before an epoch's first step.
     *
     * @param phaseEpoch the 0-based epoch within the phase
     * @param firstStep the 0-based step it starts at (after a resume, where the checkpoint stood)
     */
    default void beforeEpoch(int phaseEpoch, int firstStep) {}

    /**
     * Called after every optimizer step.
     *
     * @param step the step that ended
     */
    default void afterStep(StepEnd step) {}

    /**
     * Called after every epoch.
     *
     * @param epoch the epoch that ended
     */
    default void afterEpoch(EpochEnd epoch) {}
}
