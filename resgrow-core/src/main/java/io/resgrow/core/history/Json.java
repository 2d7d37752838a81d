package io.resgrow.core.history;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;

/**
 * JSON for reports, histories and checkpoint manifests (Gson, which DJL already brings: records
 * are written field by field; NaN and infinities are written as in JavaScript).
 */
public final class Json {

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .create();

    private Json() {}

    /**
     * Writes an object as pretty-printed JSON.
     *
     * @param value the object
     * @return the JSON text
     */
    public static String write(Object value) {
        return GSON.toJson(value);
    }

    /**
     * Reads JSON into a type.
     *
     * @param json the text
     * @param type the class
     * @param <T> the type
     * @return the value
     */
    public static <T> T read(String json, Class<T> type) {
        return GSON.fromJson(json, type);
    }

    /**
     * Reads JSON into a generic type.
     *
     * @param json the text
     * @param type the type token
     * @param <T> the type
     * @return the value
     */
    public static <T> T read(String json, TypeToken<T> type) {
        Type t = type.getType();
        return GSON.fromJson(json, t);
    }
}
