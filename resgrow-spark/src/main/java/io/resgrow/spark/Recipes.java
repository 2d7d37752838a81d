package io.resgrow.spark;

import io.resgrow.core.data.DataRecipe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The data each JVM made from a recipe, made once per JVM (an executor runs many branch tasks). */
final class Recipes {

    private static final Map<DataRecipe, DataRecipe.Made> MADE = new ConcurrentHashMap<>();

    private Recipes() {}

    static DataRecipe.Made make(DataRecipe recipe) {
        return MADE.computeIfAbsent(recipe, DataRecipe::make);
    }

    static boolean has(DataRecipe recipe) {
        return MADE.containsKey(recipe);
    }
}
