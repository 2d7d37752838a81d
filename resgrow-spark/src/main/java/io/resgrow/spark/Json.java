package io.resgrow.spark;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.network.Architecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON that carries records between the driver and the executors (NaN kept). */
final class Json {

    private static final Gson GSON =
            new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private Json() {}

    static String of(Object value) {
        return GSON.toJson(value);
    }

    static Architecture architecture(String json) {
        return GSON.fromJson(json, Architecture.class);
    }

    /**
     * An architecture's JSON with its settings in key order: the same text for the same network in
     * every JVM (the order of {@code Map.copyOf}, which {@link Architecture} keeps, changes from JVM to
     * JVM).
     */
    static String canonical(String architecture) {
        Architecture a = architecture(architecture);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", a.family());
        m.put("grown", a.grown());
        m.put("settings", new TreeMap<>(a.settings()));
        return GSON.toJson(m);
    }

    static PhaseResult result(String json) {
        return GSON.fromJson(json, PhaseResult.class);
    }

    static List<EpochRecord> epochs(String json) {
        return GSON.fromJson(json, new TypeToken<List<EpochRecord>>() {}.getType());
    }
}
