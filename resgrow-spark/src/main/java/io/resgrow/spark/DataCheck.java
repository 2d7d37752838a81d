package io.resgrow.spark;

import io.resgrow.core.data.DataRecipe;

/** Makes a recipe's data on an executor (and keeps it there for the branches). */
final class DataCheck extends ExecutorCheck {

    private static final long serialVersionUID = 1L;

    private final DataRecipe recipe;

    DataCheck(DataRecipe recipe) {
        this.recipe = recipe;
    }

    @Override
    void check() {
        Recipes.make(recipe);
    }
}
