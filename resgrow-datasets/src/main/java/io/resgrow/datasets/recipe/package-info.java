/**
 * Recipes of a run's data ({@link io.resgrow.core.data.DataRecipe}): plain values that every
 * process of a cluster turns into the same training and validation sets, preprocessing and
 * augmentation.
 */
package io.resgrow.datasets.recipe;
