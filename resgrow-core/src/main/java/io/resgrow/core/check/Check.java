package io.resgrow.core.check;

/** The one place where settings are validated; every failure is an {@link InvalidSettingException}. */
public final class Check {

    private Check() {}

    /**
     * Requires {@code value >= 1}.
     *
     * @param name the setting's name
     * @param value the value received
     * @return the value
     */
    public static int positive(String name, int value) {
        if (value < 1) {
            throw new InvalidSettingException(name, value, "an integer >= 1", "pass a positive number for " + name);
        }
        return value;
    }

    /**
     * Checks that a count is not negative.
     *
     * @param name the parameter name, as the caller spells it
     * @param value the value
     * @return the value
     */
    public static int nonNegative(String name, int value) {
        if (value < 0) {
            throw new InvalidSettingException(name, value, "an integer >= 0", "pass 0 or more for " + name);
        }
        return value;
    }

    /**
     * Checks that a value is not negative.
     *
     * @param name the parameter name, as the caller spells it
     * @param value the value
     * @return the value
     */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidSettingException(
                    name, value, "a finite number >= 0", "pass a non-negative number for " + name);
        }
        return value;
    }

    /**
     * Requires {@code value > 0}.
     *
     * @param name the setting's name
     * @param value the value received
     * @return the value
     */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidSettingException(name, value, "a finite number > 0", "pass a positive number for " + name);
        }
        return value;
    }

    /**
     * Requires a fraction: {@code 0 < value <= 1} (NaN refused).
     *
     * @param name the setting's name
     * @param value the value received
     * @param fix how to fix it, in the caller's terms
     * @return the value
     */
    public static double fraction(String name, double value, String fix) {
        if (!(value > 0 && value <= 1)) {
            throw new InvalidSettingException(name, value, "a number in (0, 1]", fix);
        }
        return value;
    }

    /**
     * Requires {@code low <= value <= high} (or {@code < high} when {@code highOpen}).
     *
     * @param name the setting's name
     * @param value the value received
     * @param low the lowest valid value
     * @param high the highest valid value
     * @param highOpen whether {@code high} itself is invalid
     * @return the value
     */
    public static double inRange(String name, double value, double low, double high, boolean highOpen) {
        boolean ok = value >= low && (highOpen ? value < high : value <= high);
        if (!ok) {
            String range = "[" + low + ", " + high + (highOpen ? ")" : "]");
            throw new InvalidSettingException(name, value, "a number in " + range, "choose " + name + " in " + range);
        }
        return value;
    }

    /**
     * Requires a non-null value.
     *
     * @param name the setting's name
     * @param value the value received
     * @param <T> the value's type
     * @return the value
     */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new InvalidSettingException(
                    name, null, "a value", "set " + name + " before calling build() or fit()");
        }
        return value;
    }

    /**
     * Requires strictly increasing positive integers.
     *
     * @param name the setting's name
     * @param values the values received
     * @return the values
     */
    public static int[] increasing(String name, int[] values) {
        notNull(name, values);
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 1 || (i > 0 && values[i] <= values[i - 1])) {
                throw new InvalidSettingException(
                        name,
                        values,
                        "strictly increasing integers >= 1",
                        "sort the values and remove duplicates and values < 1");
            }
        }
        return values;
    }
}
