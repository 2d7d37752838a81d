package io.resgrow.examples.cli;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Parses and checks option values in the command line's own spelling, so that an error names
 * {@code --batch-size}, not the Java builder's {@code batchSize}, and comes before any work.
 */
public final class OptionValues {

    private OptionValues() {}

    /**
     * Finds an option in a list of arguments, as {@code option VALUE} or {@code option=VALUE}.
     *
     * @param args the arguments
     * @param option the option, e.g. {@code --lr}
     * @return its index, or -1 if it is absent or has no value
     */
    static int indexOf(List<String> args, String option) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(option) && i + 1 < args.size() || a.startsWith(option + "=")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns an option's value in a list of arguments ({@code option VALUE} or {@code option=VALUE}).
     *
     * @param args the arguments
     * @param option the option
     * @return the value, or null if the option is absent or has no value
     */
    static String valueOf(List<String> args, String option) {
        int i = indexOf(args, option);
        if (i < 0) {
            return null;
        }
        String a = args.get(i);
        return a.equals(option) ? args.get(i + 1) : a.substring(option.length() + 1);
    }

    /**
     * Parses comma-separated integers ({@code 2,2,2}; {@code 2-2-2} is accepted too).
     *
     * @param option the option, e.g. {@code --blocks}
     * @param text its value
     * @return the integers
     */
    public static int[] ints(String option, String text) {
        try {
            int[] values = Arrays.stream(text.split("[,-]"))
                    .map(String::trim)
                    .mapToInt(Integer::parseInt)
                    .toArray();
            if (values.length == 0) {
                throw new NumberFormatException("empty");
            }
            return values;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(
                    option, text, "comma-separated integers such as 2,2,2", "write the values like 2,2,2");
        }
    }

    /**
     * Parses comma-separated integers that must all be {@code >= 1}.
     *
     * @param option the option
     * @param text its value
     * @return the integers
     */
    public static int[] positiveInts(String option, String text) {
        int[] values = ints(option, text);
        for (int v : values) {
            if (v < 1) {
                throw new InvalidSettingException(
                        option,
                        text,
                        "comma-separated integers >= 1 such as 2,2,2",
                        "replace " + v + " with a positive number");
            }
        }
        return values;
    }

    /**
     * Checks a learning-rate range given by two options.
     *
     * @param maxOption the option of the upper rate
     * @param max its value
     * @param minOption the option of the lower rate
     * @param min its value
     */
    static void rateRange(String maxOption, double max, String minOption, double min) {
        Check.positive(maxOption, max);
        Check.nonNegative(minOption, min);
        if (min > max) {
            throw new InvalidSettingException(
                    minOption,
                    min,
                    "at most " + maxOption + " (" + max + ")",
                    "lower " + minOption + " or raise " + maxOption);
        }
    }

    /**
     * Reports a builder's error under the command's option for that parameter ({@code fcWidths}
     * becomes {@code --fc-widths}, {@code inputChannels} and {@code inputShape} become {@code
     * --input}), or unchanged when no option matches.
     *
     * @param spec the command
     * @param e the builder's error
     * @return the error to throw
     */
    static InvalidSettingException asOption(CommandSpec spec, InvalidSettingException e) {
        String p = e.parameter();
        String option = p.startsWith("input")
                ? "--input"
                : "--" + p.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return spec.findOption(option) != null ? e.as(option) : e;
    }
}
