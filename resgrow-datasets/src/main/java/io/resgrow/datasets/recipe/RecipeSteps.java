package io.resgrow.datasets.recipe;

import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.datasets.augment.ChannelNormalize;
import io.resgrow.datasets.augment.RandomFlip;
import io.resgrow.datasets.augment.RandomShift;
import io.resgrow.datasets.split.Subsets;

/**
 * The command line's treatment of a training set, for recipes: a seeded validation split,
 * per-channel normalisation from the training part, and pad-and-crop by 2 with random flips unless
 * augmentation is off.
 */
public final class RecipeSteps {

    private RecipeSteps() {}

    /**
     * Splits, normalises and augments a training set as {@code resgrow train} does.
     *
     * @param all the training set
     * @param validationFraction the validation part, in (0, 1)
     * @param seed the seed of the split
     * @param augment whether training batches are padded, cropped and flipped
     * @return the data
     */
    public static DataRecipe.Made split(BatchSource all, double validationFraction, long seed, boolean augment) {
        Subsets.Split split = Subsets.split(all, validationFraction, seed);
        return new DataRecipe.Made(
                split.train(),
                split.validation(),
                ChannelNormalize.fromData(split.train()),
                augment ? RandomShift.padCrop(2).andThen(new RandomFlip()) : BatchTransform.identity());
    }
}
