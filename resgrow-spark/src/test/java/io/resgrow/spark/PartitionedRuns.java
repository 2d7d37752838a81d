package io.resgrow.spark;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.datasets.recipe.SyntheticRecipe;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.strategies.partitioned.BranchRunner;
import io.resgrow.strategies.partitioned.PartitionedStrategy;

/** A small partitioned run, the same in one process and on Spark but for the branch runner. */
final class PartitionedRuns {

    /** 480 synthetic 1x12x12 images of 4 classes, a tenth for validation, augmented. */
    static final DataRecipe DATA = new SyntheticRecipe(480, 4, 1, 12, 40, 11, 0.1, true);

    private PartitionedRuns() {}

    /** Two WRN-10-1 branches, two epochs each on half the data, the head, one epoch of fine-tuning. */
    static RunBuilder run(BranchRunner runner) {
        return run(runner, 2, 2);
    }

    /** The same run with other epoch counts for the branches and the head. */
    static RunBuilder run(BranchRunner runner, int branchEpochs, int headEpochs) {
        DataRecipe.Made data = DATA.make();
        PartitionedStrategy strategy = PartitionedStrategy.builder()
                .stageEpochs(branchEpochs, headEpochs, 1)
                // the paper's half-data subsets: these runs test the mechanics, at half the stage-1 steps
                .subsetFraction(0.5)
                .batchSize(PartitionedStrategy.Stage.BRANCHES, 32)
                .batchSize(PartitionedStrategy.Stage.HEAD, 64)
                .batchSize(PartitionedStrategy.Stage.FINE_TUNE, 32)
                .branchRunner(runner)
                .build();
        return ResGrow.train(new MonolithNet(2, 10, 1, 8, 1, 4), new Shape(1, 12, 12))
                .on(data.train(), data.validation())
                .preprocess(data.preprocess())
                .augment(data.augment())
                .seed(5)
                .strategy(strategy)
                .quiet();
    }
}
