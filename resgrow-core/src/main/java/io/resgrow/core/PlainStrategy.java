package io.resgrow.core;

import io.resgrow.core.stop.StoppingRule;

/**
 * The baseline: train the whole network end to end in one phase with the run's optimizer, schedule
 * and batch size, until the stopping rule says so.
 *
 * <p>Run settings it takes ({@link io.resgrow.core.RunSetting}): all three, {@code batchSize},
 * {@code optimizer} and {@code schedule}, from {@code RunBuilder} (the run's defaults where
 * the user set none); it has no values of its own, so nothing can conflict.
 *
 * @param stop when to stop
 */
public record PlainStrategy(StoppingRule stop) implements TrainingStrategy {

    /**
     * Trains for a fixed number of epochs.
     *
     * @param epochs >= 1
     * @return the strategy
     */
    public static PlainStrategy epochs(int epochs) {
        return new PlainStrategy(StoppingRule.epochs(epochs));
    }

    @Override
    public String describe() {
        return stop instanceof StoppingRule.FixedEpochs f
                ? "plain(" + f.epochs() + (f.epochs() == 1 ? " epoch)" : " epochs)")
                : "plain";
    }

    @Override
    public void run(TrainingContext context) {
        context.runPhase(Phase.builder("plain", context.network()).stop(stop).build());
    }
}
