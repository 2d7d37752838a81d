package io.resgrow.core;

import ai.djl.nn.Block;

/**
 * A way of training a network: a sequence of {@link Phase}s run through a {@link TrainingContext},
 * with structural changes (freeze, grow, attach heads) between them. Strategies compose: {@link
 * #then} runs one after another, and a strategy may call another's {@link #run} inside its own.
 *
 * <p>Write a strategy as plain code: {@code ctx.runPhase(...)}, {@code ctx.restructure(...)}. On
 * resume the context replays that code; phases finished before the checkpoint are skipped (their
 * recorded results returned) and structural changes are redone, so a strategy needs no resume
 * logic of its own as long as its decisions depend only on phase results and its settings.
 */
public interface TrainingStrategy {

    /**
     * Returns a short description for reports.
     *
     * @return the description
     */
    String describe();

    /**
     * Trains the context's network.
     *
     * @param context the run
     */
    void run(TrainingContext context);

    /**
     * Refuses a network this strategy cannot train (say, one that cannot grow), with an {@link
     * InvalidSettingException}; {@code TrainingRun.Builder.build()} calls it before any work.
     *
     * @param network the network the run will train
     */
    default void checkNetwork(Block network) {}

    /**
     * Returns a strategy that runs this one, then {@code next} on the same network.
     *
     * @param next the strategy to run second
     * @return the sequence
     */
    default TrainingStrategy then(TrainingStrategy next) {
        TrainingStrategy first = this;
        return new TrainingStrategy() {
            @Override
            public String describe() {
                return first.describe() + " then " + next.describe();
            }

            @Override
            public void run(TrainingContext context) {
                first.run(context);
                next.run(context);
            }

            @Override
            public void checkNetwork(Block network) {
                first.checkNetwork(network);
                next.checkNetwork(network);
            }
        };
    }
}
