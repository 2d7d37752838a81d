package io.resgrow.core.history;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Describes settings objects as stable text for provenance and resume checks: records by their
 * components (arrays by value, not by identity), objects by their own {@code toString()}, and
 * objects without one (lambdas among them) by their kind, never by an identity hash that differs
 * from run to run.
 */
public final class Describe {

    private Describe() {}

    /**
     * Returns a stable description.
     *
     * @param o the object, or null
     * @return the text
     */
    public static String of(Object o) {
        if (o == null) {
            return "none";
        }
        if (o.getClass().isArray()) {
            return arrayText(o);
        }
        Class<?> c = o.getClass();
        if (c.isRecord()) {
            return recordText(o, c);
        }
        if (c.isSynthetic() || c.getName().contains("$$Lambda")) {
            return "a lambda";
        }
        try {
            if (c.getMethod("toString").getDeclaringClass() != Object.class) {
                return o.toString();
            }
        } catch (NoSuchMethodException e) {
            // every class has toString
        }
        return c.getSimpleName();
    }

    private static String arrayText(Object a) {
        if (a instanceof int[] x) {
            return Arrays.toString(x);
        }
        if (a instanceof long[] x) {
            return Arrays.toString(x);
        }
        if (a instanceof double[] x) {
            return Arrays.toString(x);
        }
        if (a instanceof float[] x) {
            return Arrays.toString(x);
        }
        if (a instanceof Object[] x) {
            return Arrays.stream(x).map(Describe::of).toList().toString();
        }
        return a.getClass().getSimpleName();
    }

    private static String recordText(Object o, Class<?> c) {
        List<String> parts = new ArrayList<>();
        for (RecordComponent rc : c.getRecordComponents()) {
            try {
                rc.getAccessor().setAccessible(true);
                parts.add(rc.getName() + "=" + of(rc.getAccessor().invoke(o)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return o.toString();
            }
        }
        return c.getSimpleName() + parts;
    }

    /**
     * Returns evaluator values as text for a {@code toString()}: a leading space, then {@code name
     * value} pairs, or nothing for no values.
     *
     * @param metrics name to value
     * @return e.g. {@code " train_top3 0.9100 validation_top3 0.8800"}
     */
    public static String metrics(Map<String, Double> metrics) {
        StringBuilder text = new StringBuilder();
        metrics.forEach((name, value) -> text.append(String.format(Locale.ROOT, " %s %.4f", name, value)));
        return text.toString();
    }
}
