package io.resgrow.spark;

import io.resgrow.core.data.DataRecipe;
import io.resgrow.strategies.partitioned.BranchRunner;
import io.resgrow.strategies.partitioned.BranchRunnerProvider;
import io.resgrow.strategies.partitioned.FineTuneRunner;

/** The {@code spark} provider of {@link BranchRunner}s: {@link SparkBranchRunner#start} on a master. */
public final class SparkBranchRunnerProvider implements BranchRunnerProvider {

    /** Creates the provider (ServiceLoader calls it). */
    public SparkBranchRunnerProvider() {}

    @Override
    public String engine() {
        return "spark";
    }

    @Override
    public BranchRunner open(String master, DataRecipe data) {
        return SparkBranchRunner.start(master, null, data);
    }

    @Override
    public FineTuneRunner localSgdFineTune(BranchRunner opened, int workers, int stepsPerRound) {
        return LocalSgdFineTune.on((SparkBranchRunner) opened, workers, stepsPerRound);
    }
}
