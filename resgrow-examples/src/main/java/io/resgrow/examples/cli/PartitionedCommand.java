package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.TrainingStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code train partitioned}: Wong et al.'s MonolithNet, branches trained one by one, then the head, then all. */
@Command(
        name = "partitioned",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = "Train a MonolithNet of --branches WRN branches: each alone with a proxy head, then the"
                + " fusion head, then end to end (Wong et al.).")
public final class PartitionedCommand extends RunCommand {

    @Mixin
    PartitionedOptions partitioned;

    @Override
    String strategyName() {
        return "partitioned";
    }

    @Override
    void check() {
        partitioned.check(run.batchSize);
    }

    @Override
    Block network(Shape sample, int classes) {
        return partitioned.network(sample, classes);
    }

    @Override
    TrainingStrategy strategy() {
        return partitioned.strategy(run.batchSize);
    }

    @Override
    String networkName() {
        return partitioned.describe();
    }
}
