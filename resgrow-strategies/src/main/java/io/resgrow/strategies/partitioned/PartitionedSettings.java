package io.resgrow.strategies.partitioned;

import ai.djl.nn.Block;
import io.resgrow.core.StrategySetting;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.Fused;
import io.resgrow.strategies.partitioned.PartitionedStrategy.Stage;
import java.util.List;
import java.util.Locale;

/** The validated settings the strategy runs with. */
record PartitionedSettings(
        List<StagePlan> plans,
        Double subsetFraction,
        boolean disjoint,
        boolean balanced,
        long subsetSeed,
        boolean cacheFeatures,
        double momentum,
        double weightDecay,
        boolean offload,
        int headPatience,
        List<StrategySetting<Integer>> batchSizes,
        BranchRunner runner,
        FineTuneRunner fineTuneRunner) {

    StagePlan plan(Stage stage) {
        return plans.get(stage.ordinal());
    }

    /**
     * Returns the samples of each branch's subset: the fraction set, else all of them, or a K-th
     * for K disjoint subsets.
     */
    int subsetSize(int samples, int branches) {
        if (subsetFraction == null) {
            return disjoint ? Math.max(1, samples / branches) : samples;
        }
        return Math.max(1, (int) Math.round(subsetFraction * samples));
    }

    /** The strategy's description, for reports and resume checks. */
    String describe() {
        return String.format(
                        Locale.ROOT,
                        "partitioned(subsets %s %s%s; branches: %s; head: %s%s%s; fine-tune: %s;"
                                + " sgd momentum %s, wd %s)",
                        subsetFraction != null ? subsetFraction : disjoint ? "1/branches" : "1.0",
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
                + (offload ? "; inactive branches on the host" : "")
                + fineTuneRunner.describe();
    }

    /** Refuses a network without branches and a fusion head, or too many branches for disjoint subsets. */
    void checkNetwork(Block network) {
        if (!(network instanceof Fused fused)) {
            throw new InvalidSettingException(
                    "network",
                    network.getClass().getSimpleName(),
                    "a network with parallel branches and a fusion head, implementing Fused (MonolithNet, or"
                            + " a block of your own)",
                    "build a MonolithNet or implement Fused on your block");
        }
        int n = fused.branches().size();
        if (n == 0) {
            throw new InvalidSettingException("branches", 0, "at least 1 branch", "give the network branches");
        }
        if (disjoint && subsetFraction != null && subsetFraction * n > 1) {
            throw new InvalidSettingException(
                    "subsetFraction",
                    subsetFraction,
                    String.format(Locale.ROOT, "at most 1/%d = %.4f for %d disjoint branch subsets", n, 1.0 / n, n),
                    "use a smaller fraction or overlapping subsets");
        }
    }
}
