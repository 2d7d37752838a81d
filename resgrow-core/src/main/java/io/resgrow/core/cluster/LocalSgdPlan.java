package io.resgrow.core.cluster;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.schedule.LrSchedule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A data-parallel training as local SGD across a cluster, described for a {@link LocalSgdProvider}:
 * each round the driver sends the parameters and momentum to {@code workers} tasks, each trains
 * {@code stepsPerRound} SGD steps on its shard (a seeded 1/workers of the training data), and the
 * driver averages what they end with. An epoch is one pass of every worker over its shard. Stages
 * follow one another; every stage after the first starts with a growth of the network on the
 * driver (multi-level training: {@code Interpolatable}), so one stage is plain training.
 *
 * @param network the network to train, uninitialised; resgrow's own networks rebuild on the executors
 *     from their architecture ({@code Rebuildable}); it must interpolate when there is more than one
 *     stage
 * @param sample one sample's shape
 * @param data the data as a recipe every machine makes (the driver validates on its validation set)
 * @param test the test data on the driver, or null
 * @param workers tasks per round
 * @param stepsPerRound k, the SGD steps each worker trains between two averagings
 * @param batchSize each worker's batch size
 * @param stages the stages, in order
 * @param momentum SGD's momentum (PyTorch's form)
 * @param weightDecay SGD's weight decay (PyTorch's form, {@code g + wd * w})
 * @param decayOnlyWeights whether only parameters whose name ends in {@code weight} decay (not
 *     BatchNorm's gamma and beta, not biases), as the library's default optimizer; false decays all,
 *     as multi-level training's SGD
 * @param seed the run's seed: initial parameters, shards, batch order, augmentation, growth
 * @param checkpoints where the driver writes a checkpoint after every epoch, or null
 * @param keepCheckpoints how many of the newest checkpoints to keep
 * @param resume whether to continue from the newest valid checkpoint in {@code checkpoints}
 * @param report where {@code report.json} goes, or null
 * @param provenance what the caller adds to the report's provenance (e.g. the command line)
 * @param onEpoch who hears of each finished epoch (progress lines), or null
 */
public record LocalSgdPlan(
        Block network,
        Shape sample,
        DataRecipe data,
        BatchSource test,
        int workers,
        int stepsPerRound,
        int batchSize,
        List<Stage> stages,
        double momentum,
        double weightDecay,
        boolean decayOnlyWeights,
        long seed,
        Path checkpoints,
        int keepCheckpoints,
        boolean resume,
        Path report,
        Map<String, String> provenance,
        Consumer<EpochRecord> onEpoch) {

    /**
     * One stage: its epochs under its own schedule (whose epoch and step count from the stage's start).
     *
     * @param epochs the stage's epochs
     * @param schedule its learning rate
     */
    public record Stage(int epochs, LrSchedule schedule) {

        /** Checks the stage. */
        public Stage {
            Check.positive("epochs", epochs);
            Check.notNull("schedule", schedule);
        }
    }

    /** Checks every setting under its name here (callers check their own spelling first). */
    public LocalSgdPlan {
        Check.notNull("network", network);
        Check.notNull("sample", sample);
        Check.notNull("data", data);
        Check.positive("workers", workers);
        Check.positive("stepsPerRound", stepsPerRound);
        Check.positive("batchSize", batchSize);
        Check.inRange("momentum", momentum, 0, 1, true);
        Check.nonNegative("weightDecay", weightDecay);
        Check.positive("keepCheckpoints", keepCheckpoints);
        if (stages == null || stages.isEmpty()) {
            throw new InvalidSettingException(
                    "stages", stages, "one or more stages", "give e.g. List.of(new Stage(10, schedule))");
        }
        if (resume && checkpoints == null) {
            throw new InvalidSettingException(
                    "resume", true, "a resume from a checkpoint directory", "give the checkpoint directory too");
        }
        stages = List.copyOf(stages);
        provenance = provenance == null ? Map.of() : Map.copyOf(provenance);
    }

    /**
     * Returns the epochs of all stages.
     *
     * @return their sum
     */
    public int epochs() {
        return stages.stream().mapToInt(Stage::epochs).sum();
    }
}
