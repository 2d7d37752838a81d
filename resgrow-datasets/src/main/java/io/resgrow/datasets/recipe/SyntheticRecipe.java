package io.resgrow.datasets.recipe;

import io.resgrow.core.data.DataRecipe;
import io.resgrow.datasets.SyntheticDataset;
import java.util.Locale;

/**
 * Synthetic images ({@link SyntheticDataset}) generated from a seed on every process, split into
 * training and validation parts, normalised, and augmented if asked.
 *
 * @param count samples before the split
 * @param classes classes
 * @param channels channels
 * @param size height and width
 * @param noise pixel noise on a 0..255 scale
 * @param seed the seed of the samples and of the split
 * @param validationFraction the validation part, in (0, 1)
 * @param augment whether training batches are padded, cropped and flipped
 */
public record SyntheticRecipe(
        int count,
        int classes,
        int channels,
        int size,
        double noise,
        long seed,
        double validationFraction,
        boolean augment)
        implements DataRecipe {

    private static final long serialVersionUID = 1L;

    @Override
    public Made make() {
        return RecipeSteps.split(
                SyntheticDataset.create(count, classes, channels, size, noise, seed),
                validationFraction,
                seed,
                augment);
    }

    @Override
    public String describe() {
        return String.format(
                Locale.ROOT, "synthetic %d images of %dx%dx%d, seed %d", count, channels, size, size, seed);
    }
}
