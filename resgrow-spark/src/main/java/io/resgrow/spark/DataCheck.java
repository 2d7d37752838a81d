package io.resgrow.spark;

import io.resgrow.core.data.DataRecipe;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;

/** A task that makes a recipe's data on its executor: empty if it could, else where and why not. */
final class DataCheck implements Function<Integer, String> {

    private static final long serialVersionUID = 1L;

    private final DataRecipe recipe;

    DataCheck(DataRecipe recipe) {
        this.recipe = recipe;
    }

    @Override
    public String call(Integer slot) {
        try {
            Recipes.make(recipe);
            return "";
        } catch (RuntimeException e) {
            String executor = SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
            return "executor " + executor + ": " + e.getMessage();
        }
    }
}
