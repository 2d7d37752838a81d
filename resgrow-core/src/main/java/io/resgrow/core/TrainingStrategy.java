package io.resgrow.core;

import ai.djl.nn.Block;
import io.resgrow.core.check.InvalidSettingException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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
     * InvalidSettingException}; {@code RunBuilder.build()} calls it before any work.
     *
     * @param network the network the run will train
     */
    default void checkNetwork(Block network) {}

    /**
     * Returns which of the run's {@link RunSetting}s this strategy takes: for each, its phases
     * train with the strategy's own value if the user set one on the strategy, else with the run's
     * if the user set one on {@link RunBuilder}, else with the strategy's default. The
     * default (a strategy of your own whose phases leave these unset) takes all three.
     *
     * @return the settings taken
     */
    default Set<RunSetting> runSettings() {
        return EnumSet.allOf(RunSetting.class);
    }

    /**
     * Returns the strategy's own values of run settings (its defaults, or what its user set on its
     * builder), which {@link #checkSettings} checks against the run before any work and the
     * strategy reads with {@link StrategySetting#resolve}. The default: none.
     *
     * @return the strategy's own values
     */
    default List<StrategySetting<?>> ownSettings() {
        return List.of();
    }

    /**
     * Refuses run settings this strategy cannot honour, or that contradict the strategy's own
     * explicit settings, with an {@link InvalidSettingException}; {@code RunBuilder.build()}
     * calls it before any work. The default refuses every setting the user set on the run that
     * {@link #runSettings()} does not list, then resolves every one of {@link #ownSettings()}.
     *
     * @param settings the run's settings
     */
    default void checkSettings(RunSettings settings) {
        for (RunSetting s : RunSetting.values()) {
            if (!runSettings().contains(s)) {
                String name = getClass().getSimpleName().isEmpty()
                        ? describe()
                        : getClass().getSimpleName();
                s.refuseIfSet(
                        settings,
                        name,
                        "it sets its own " + s.key() + " for each of its phases",
                        "set it on the strategy's builder");
            }
        }
        for (StrategySetting<?> own : ownSettings()) {
            own.resolve(settings);
        }
    }

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

            @Override
            public Set<RunSetting> runSettings() {
                Set<RunSetting> both = EnumSet.noneOf(RunSetting.class);
                both.addAll(first.runSettings());
                both.retainAll(next.runSettings());
                return both;
            }

            @Override
            public List<StrategySetting<?>> ownSettings() {
                List<StrategySetting<?>> both = new ArrayList<>(first.ownSettings());
                both.addAll(next.ownSettings());
                return both;
            }

            @Override
            public void checkSettings(RunSettings settings) {
                first.checkSettings(settings);
                next.checkSettings(settings);
            }
        };
    }
}
