package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.strategies.partitioned.BranchRunner;
import io.resgrow.strategies.partitioned.BranchRunnerProvider;
import io.resgrow.strategies.partitioned.FineTuneRunner;
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

    /** The provider of {@code --spark}'s runner, found by check(); the runner, opened once. */
    private BranchRunnerProvider provider;

    private BranchRunner runner;

    @Override
    void check() {
        partitioned.check(run.batchSize);
        if (partitioned.spark != null) {
            provider = BranchRunnerProvider.find("spark", "--spark", partitioned.spark);
        }
    }

    @Override
    public Integer call() {
        try {
            return super.call();
        } finally {
            if (runner instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("--spark: stopping Spark failed: " + e);
                }
            }
        }
    }

    @Override
    Block network(Shape sample, int classes) {
        return partitioned.network(sample, classes);
    }

    @Override
    TrainingStrategy strategy() {
        if (provider != null && runner == null) {
            runner = provider.open(
                    partitioned.spark, new CliDataRecipe(run.data, run.seed, run.trainLimit, !run.noAugment));
        }
        FineTuneRunner fineTune = runner != null && partitioned.localSteps != null
                ? provider.localSgdFineTune(runner, partitioned.workers(), partitioned.localSteps)
                : FineTuneRunner.IN_PROCESS;
        return partitioned.strategy(run.batchSize, runner == null ? BranchRunner.IN_PROCESS : runner, fineTune);
    }

    @Override
    String networkName() {
        return partitioned.describe();
    }
}
