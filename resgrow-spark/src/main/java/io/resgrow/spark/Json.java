package io.resgrow.spark;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.network.Architecture;
import java.util.List;

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

    static PhaseResult result(String json) {
        return GSON.fromJson(json, PhaseResult.class);
    }

    static List<EpochRecord> epochs(String json) {
        return GSON.fromJson(json, new TypeToken<List<EpochRecord>>() {}.getType());
    }
}
