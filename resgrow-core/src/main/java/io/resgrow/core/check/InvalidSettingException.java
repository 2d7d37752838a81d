package io.resgrow.core.check;

import java.util.Arrays;

/**
 * A setting (builder value, command line option, configuration field) has a value that cannot
 * work. The message names the parameter, the value received, what is valid and how to fix it, in
 * the form {@code Invalid value for 'epochs'. Received: epochs=0. Expected: an integer >= 1. Fix:
 * ...}.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final transient Object value;
    private final String expected;
    private final String fix;

    /**
     * Creates the error.
     *
     * @param parameter the name of the setting, as the user wrote it
     * @param value the value received
     * @param expected what would have been valid
     * @param fix how to fix it
     */
    public InvalidSettingException(String parameter, Object value, String expected, String fix) {
        super("Invalid value for '"
                + parameter
                + "'. Received: "
                + parameter
                + "="
                + render(value)
                + ". Expected: "
                + expected
                + ". Fix: "
                + fix);
        this.parameter = parameter;
        this.value = value;
        this.expected = expected;
        this.fix = fix;
    }

    /**
     * Returns the same error under the name the caller used for the parameter (a command line
     * reports {@code depth} as {@code --depth}); this error becomes its cause.
     *
     * @param callerName the parameter as the caller spells it
     * @return the renamed error
     */
    public InvalidSettingException as(String callerName) {
        InvalidSettingException e = new InvalidSettingException(callerName, value, expected, fix);
        e.initCause(this);
        return e;
    }

    /**
     * Returns the name of the offending setting.
     *
     * @return the parameter name
     */
    public String parameter() {
        return parameter;
    }

    /**
     * Returns the value that was received.
     *
     * @return the value
     */
    public Object value() {
        return value;
    }

    private static String render(Object value) {
        if (value instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof double[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof long[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(value);
    }
}
