package io.resgrow.core;

import io.resgrow.core.check.InvalidSettingException;
import java.util.function.Function;

/**
 * A strategy's own value of a {@link RunSetting}: the strategy's default, or the value its user set
 * on the strategy's builder. A strategy declares these once ({@link TrainingStrategy#ownSettings()})
 * and reads them with {@link #resolve}; core checks every one against the run before any work, so
 * the precedence below lives here and nowhere else.
 *
 * <p>Precedence: the value set on the strategy wins; else the one set on {@link
 * RunBuilder}; else the strategy's default. Set in both places and different, the run is
 * refused at {@code build()} with an {@link InvalidSettingException} naming both.
 *
 * @param setting the run setting this value stands in for
 * @param parameter the strategy's setter as its user spells it, e.g. {@code
 *     MultiLevelInterpolation.batchSize}
 * @param value the strategy's value (its default until set)
 * @param set whether the user set it on the strategy's builder
 * @param <T> the value's type
 */
public record StrategySetting<T>(RunSetting setting, String parameter, T value, boolean set) {

    /**
     * A strategy's default for a run setting.
     *
     * @param setting the run setting
     * @param parameter the strategy's setter, for messages
     * @param value the default
     * @param <T> the value's type
     * @return the unset value
     */
    public static <T> StrategySetting<T> byDefault(RunSetting setting, String parameter, T value) {
        return new StrategySetting<>(setting, parameter, value, false);
    }

    /**
     * Returns this setting as its user set it on the strategy.
     *
     * @param newValue the value set
     * @return the set value
     */
    public StrategySetting<T> setTo(T newValue) {
        return new StrategySetting<>(setting, parameter, newValue, true);
    }

    /**
     * Returns this setting as its user set it through another of the strategy's setters.
     *
     * @param setter the setter used, for messages
     * @param newValue the value set
     * @return the set value
     */
    public StrategySetting<T> setTo(String setter, T newValue) {
        return new StrategySetting<>(setting, setter, newValue, true);
    }

    /**
     * Returns the value derived from this one, set where this one is (e.g. a schedule per cycle from
     * one rate range).
     *
     * @param derive the derivation
     * @param <U> the derived type
     * @return the derived setting
     */
    public <U> StrategySetting<U> map(Function<? super T, ? extends U> derive) {
        return new StrategySetting<>(setting, parameter, derive.apply(value), set);
    }

    /**
     * Returns what the phases train with, by the precedence above.
     *
     * @param run the run's settings
     * @return the strategy's value or the run's
     * @throws InvalidSettingException if both were set and differ
     */
    public T resolve(RunSettings run) {
        return setting.choose(run, parameter, set, value);
    }

    /**
     * Describes this value for a strategy's {@code describe()}: as it is when set on the strategy,
     * else noting that the run's value replaces it if the run sets one.
     *
     * @param text the value, described
     * @return e.g. {@code batch 100} or {@code batch 100 unless the run sets batchSize}
     */
    public String describe(String text) {
        return setting.describe(text, set);
    }
}
