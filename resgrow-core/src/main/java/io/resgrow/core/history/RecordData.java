package io.resgrow.core.history;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a record into the {@code data} of a {@link RunEvent} (component name to value, in order)
 * and back, so a strategy's per-row figures survive {@code report.json} and checkpoints: numbers
 * read back as whatever {@link Number} the JSON gave are converted to the component's type, and a
 * double written as NaN (JSON null) reads back as NaN.
 */
public final class RecordData {

    private RecordData() {}

    /**
     * Returns a record's components as event data.
     *
     * @param record the record
     * @return component name to value, in declaration order
     */
    public static Map<String, Object> of(Record record) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                m.put(c.getName(), c.getAccessor().invoke(record));
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(
                    "cannot read the components of " + record.getClass().getName(), e);
        }
        return m;
    }

    /**
     * Rebuilds a record from event data written by {@link #of}.
     *
     * @param type the record's class (public, with a public canonical constructor)
     * @param data the event data
     * @param <R> the record type
     * @return the record
     */
    public static <R extends Record> R read(Class<R> type, Map<String, Object> data) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = convert(types[i], data.get(components[i].getName()));
        }
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + type.getName() + " from " + data, e);
        }
    }

    private static Object convert(Class<?> type, Object raw) {
        if (type == double.class) {
            return raw instanceof Number n ? n.doubleValue() : Double.NaN;
        }
        if (type == int.class) {
            return ((Number) raw).intValue();
        }
        if (type == long.class) {
            return ((Number) raw).longValue();
        }
        return raw;
    }
}
