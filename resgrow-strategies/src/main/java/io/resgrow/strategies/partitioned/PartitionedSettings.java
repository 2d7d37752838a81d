package io.resgrow.strategies.partitioned;

import io.resgrow.core.StrategySetting;
import io.resgrow.strategies.partitioned.PartitionedStrategy.Stage;
import java.util.List;
import java.util.Locale;

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
        int headPatience,
        List<StrategySetting<Integer>> batchSizes,
        BranchRunner runner) {

    StagePlan plan(Stage stage) {
        return plans.get(stage.ordinal());
    }

    /** The strategy's description, for reports and resume checks. */
    String describe() {
        return String.format(
                        Locale.ROOT,
                        "partitioned(subsets %s %s%s; branches: %s; head: %s%s%s; fine-tune: %s;"
                                + " sgd momentum %s, wd %s)",
                        subsetFraction,
                        disjoint ? "disjoint" : "overlapping",
                        balanced ? " balanced" : "",
                        plan(Stage.BRANCHES),
                        plan(Stage.HEAD),
                        headPatience > 0 ? " at most, until validation stalls for " + headPatience : "",
                        cacheFeatures
                                ? " (features cached when the run does not augment, else recomputed)"
                                : " (recomputed)",
                        plan(Stage.FINE_TUNE),
                        momentum,
                        weightDecay)
                + (offload ? "; inactive branches on the host" : "");
    }
}
