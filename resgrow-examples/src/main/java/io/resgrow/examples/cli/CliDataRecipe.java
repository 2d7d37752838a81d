package io.resgrow.examples.cli;

import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.datasets.recipe.RecipeSteps;

/**
 * The data of a {@code train} command as a recipe that a cluster's executors make too: {@code
 * --data} resolved on each machine ({@link DataChoice}), its first {@code --train-limit} training
 * images, split, normalised and augmented as {@link TrainSetup} does for the run itself.
 *
 * @param data {@code --data}
 * @param seed {@code --seed}
 * @param trainLimit {@code --train-limit}, or null
 * @param augment false with {@code --no-augment}
 */
public record CliDataRecipe(String data, long seed, Integer trainLimit, boolean augment) implements DataRecipe {

    private static final long serialVersionUID = 1L;

    @Override
    public Made make() {
        BatchSource train = DataChoice.resolve(data, seed).train();
        if (trainLimit != null) {
            train = train.limit(trainLimit);
        }
        return RecipeSteps.split(train, 0.1, seed, augment);
    }

    @Override
    public String describe() {
        return "--data " + data + (trainLimit == null ? "" : " --train-limit " + trainLimit)
                + (augment ? "" : " --no-augment") + " --seed " + seed;
    }
}
