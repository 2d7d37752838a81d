package io.resgrow.datasets.recipe;

import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.datasets.Datasets;
import java.nio.file.Path;

/**
 * The training images of an IDX directory (MNIST, Fashion-MNIST, as {@link Datasets#fashionMnist}
 * reads them: gzip or raw) that every machine can read at the same path, the first {@code limit}
 * of them if set, split into training and validation parts, normalised, and augmented if asked.
 *
 * @param dir the directory (e.g. {@code /usr/share/datasets/fashion-mnist})
 * @param limit the training images to use, 0 for all
 * @param validationFraction the validation part, in (0, 1)
 * @param seed the seed of the split
 * @param augment whether training batches are padded, cropped and flipped
 */
public record IdxRecipe(String dir, int limit, double validationFraction, long seed, boolean augment)
        implements DataRecipe {

    private static final long serialVersionUID = 1L;

    @Override
    public Made make() {
        BatchSource all = Datasets.fashionMnist(Path.of(dir), true);
        return RecipeSteps.split(limit > 0 ? all.limit(limit) : all, validationFraction, seed, augment);
    }

    @Override
    public String describe() {
        return dir + (limit > 0 ? " (first " + limit + " training images)" : "");
    }
}
