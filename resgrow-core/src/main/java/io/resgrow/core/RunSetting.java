package io.resgrow.core;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.Describe;

/**
 * The run settings a strategy may also set for itself: batch size, optimizer and learning rate
 * schedule. {@link RunSettings#explicit()} says which of them the user set on {@link
 * RunBuilder}; {@link TrainingStrategy#runSettings()} says which of them a strategy takes.
 *
 * <p>Precedence, per setting: the strategy's value if it was set explicitly on the strategy's
 * builder, else the run's if it was set explicitly on the run's builder, else the strategy's
 * default (the paper's; {@code PlainStrategy} has none and uses the run's). When both were set
 * explicitly and differ, the run is refused with an {@link InvalidSettingException} before any
 * training work. A strategy holds its own values as {@link StrategySetting}s, which apply this rule.
 */
public enum RunSetting {
    /** {@link RunBuilder#batchSize}. */
    BATCH_SIZE("batchSize"),
    /** {@link RunBuilder#optimizer}. */
    OPTIMIZER("optimizer"),
    /** {@link RunBuilder#schedule}. */
    SCHEDULE("schedule");

    private final String key;

    RunSetting(String key) {
        this.key = key;
    }

    /**
     * Returns the name of the run builder's method that sets it.
     *
     * @return e.g. {@code batchSize}
     */
    public String key() {
        return key;
    }

    /**
     * Returns the run's value of this setting (its default when the user set none).
     *
     * @param run the run's settings
     * @return the value
     */
    public Object valueIn(RunSettings run) {
        return switch (this) {
            case BATCH_SIZE -> run.batchSize();
            case OPTIMIZER -> run.optimizer();
            case SCHEDULE -> run.schedule();
        };
    }

    /**
     * Describes a strategy's value of this setting for its {@code describe()}: as it is when the
     * strategy's user set it, else with the note that the run's value replaces it if the run sets
     * one (so that a report does not claim a default the run overrode).
     *
     * @param value the strategy's value, described
     * @param strategyExplicit whether the user set it on the strategy
     * @return e.g. {@code batch 100} or {@code batch 100 unless the run sets batchSize}
     */
    String describe(String value, boolean strategyExplicit) {
        return strategyExplicit ? value : value + " unless the run sets " + key;
    }

    /**
     * Chooses between a strategy's value of this setting and the run's: the strategy's if it was
     * set explicitly, else the run's if that was, else the strategy's (its default).
     *
     * @param run the run's settings
     * @param strategyParameter the strategy's setting as its user spells it, e.g. {@code
     *     MultiLevelInterpolation.batchSize}
     * @param strategyExplicit whether the user set the strategy's value
     * @param strategyValue the strategy's value (its default when not explicit)
     * @param <T> the value's type
     * @return the value to train with
     * @throws InvalidSettingException if both were set explicitly and differ
     */
    @SuppressWarnings("unchecked")
    <T> T choose(RunSettings run, String strategyParameter, boolean strategyExplicit, T strategyValue) {
        boolean runExplicit = run.isExplicit(this);
        Object runValue = valueIn(run);
        if (strategyExplicit && runExplicit && !Describe.of(strategyValue).equals(Describe.of(runValue))) {
            String ours = Describe.of(strategyValue);
            String theirs = Describe.of(runValue);
            throw new InvalidSettingException(
                    strategyParameter,
                    ours,
                    "the same value as the run's " + key + " (" + theirs + "), or " + key
                            + " set in one place only (when both are set, the strategy's " + strategyParameter
                            + " would win over RunBuilder." + key + ")",
                    "set it in one place: drop RunBuilder." + key + "(" + theirs
                            + ") to train with the strategy's " + ours + ", or drop " + strategyParameter
                            + " from the strategy's builder to train with the run's " + theirs);
        }
        return strategyExplicit || !runExplicit ? strategyValue : (T) runValue;
    }

    /**
     * Refuses a setting the user set on the run but the strategy cannot honour.
     *
     * @param run the run's settings
     * @param strategy the strategy's name, e.g. {@code PartitionedStrategy}
     * @param why why the strategy cannot take it
     * @param instead what to set instead
     * @throws InvalidSettingException if the user set it on the run
     */
    public void refuseIfSet(RunSettings run, String strategy, String why, String instead) {
        if (run.isExplicit(this)) {
            throw new InvalidSettingException(
                    key,
                    Describe.of(valueIn(run)),
                    key + " left unset on the run: " + strategy + " does not take a run-level " + key + " (" + why
                            + ")",
                    "drop RunBuilder." + key + "(...) and " + instead);
        }
    }
}
