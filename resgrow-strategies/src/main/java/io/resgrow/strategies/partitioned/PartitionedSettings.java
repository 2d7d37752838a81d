package io.resgrow.strategies.partitioned;

import io.resgrow.core.StrategySetting;
import io.resgrow.strategies.partitioned.PartitionedStrategy.Stage;
import java.util.List;

/** The validated settings the strategy runs with. */
record PartitionedSettings(
        List<StagePlan> plans,
        double subsetFraction,
        boolean disjoint,
        boolean balanced,
        long subsetSeed,
        boolean cacheFeatures,
        double momentum,
        double weightDecay,
        boolean offload,
        List<StrategySetting<Integer>> batchSizes) {

    StagePlan plan(Stage stage) {
        return plans.get(stage.ordinal());
    }
}
