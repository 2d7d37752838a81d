package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.models.wrn.WideResNets;
import io.resgrow.strategies.partitioned.BranchRunner;
import io.resgrow.strategies.partitioned.FineTuneRunner;
import io.resgrow.strategies.partitioned.PartitionedStrategy;
import io.resgrow.strategies.partitioned.PartitionedStrategy.Stage;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * The options of {@code train partitioned} (Wong et al.'s MonolithNet: branches one by
 * one with proxy heads, then the head alone, then end to end). The network is a MonolithNet of
 * {@code --branches} WRN-{@code --depth}-{@code --widen} branches under a fusion head of {@code
 * --hidden} units.
 */
public final class PartitionedOptions {

    @Option(names = "--branches", defaultValue = "3", description = "parallel branches (default: ${DEFAULT-VALUE})")
    int branches;

    @Option(
            names = "--depth",
            defaultValue = "10",
            description = "WRN depth 6n+4 of each branch (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(
            names = "--widen",
            defaultValue = "2",
            description = "WRN widening of each branch (default: ${DEFAULT-VALUE})")
    int widen;

    @Option(
            names = "--hidden",
            defaultValue = "16",
            description =
                    "units of the fusion layer; 2 x classes or more (e.g. 20) start the head without a shift, which"
                            + " fine-tuning at rates above 1e-4 needs (default: ${DEFAULT-VALUE}, the paper's)")
    int hidden;

    @Option(
            names = "--subset",
            description = "fraction of the training data each branch trains on (default 1, all of it, or 1/--branches"
                    + " with --disjoint; the paper's 0.5 halves each branch's steps)")
    Double subset;

    @Option(names = "--disjoint", description = "branch subsets share no sample (--subset x --branches <= 1)")
    boolean disjoint;

    @Option(
            names = "--stage-epochs",
            defaultValue = "200,40,25",
            description = "epochs per branch, of the head, of fine-tuning (0 skips it) (default: ${DEFAULT-VALUE})")
    String stageEpochs;

    @Option(
            names = "--stage-lrs",
            defaultValue = "0.1,5e-4,1e-4",
            description = "initial learning rate of each stage (default: ${DEFAULT-VALUE})")
    String stageLrs;

    @Option(
            names = "--stage-batch-sizes",
            description = "batch size of each stage (default 128,300,88," + " or --batch-size for all three)")
    String stageBatchSizes;

    @Option(
            names = "--scale-epochs",
            defaultValue = "1",
            description = "multiply every stage's epochs, e.g. 0.1 for a quick run (default: ${DEFAULT-VALUE})")
    double scaleEpochs;

    @Option(
            names = "--recompute-features",
            description = "recompute branch features in every stage-2 step even without augmentation")
    boolean recomputeFeatures;

    @Option(
            names = "--offload",
            description = "in stage 1, keep the branches that are not training on the host (a GPU run's"
                    + " device then holds one branch at a time; nothing moves when training on the CPU)")
    boolean offload;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = "train stage 1's branches as Spark tasks on this master (local[1], spark://host:7077;"
                    + " needs resgrow-spark and Spark on the class path: docs/spark.md)")
    String spark;

    @Option(
            names = "--local-steps",
            description = "with --spark: fine-tune (stage 3) as local SGD on the cluster, each worker training K"
                    + " steps between averagings (default: stage 3 in this process)")
    Integer localSteps;

    @Option(names = "--workers", description = "with --spark and --local-steps: stage 3's tasks per round (default 2)")
    Integer workers;

    /**
     * Checks the options under their own names.
     *
     * @param batchSize {@code --batch-size}, or null
     */
    void check(Integer batchSize) {
        try {
            WideResNets.blocksPerStage(depth);
        } catch (InvalidSettingException e) {
            throw e.as("--depth");
        }
        Check.positive("--branches", branches);
        if (localSteps != null || workers != null) {
            String option = localSteps != null ? "--local-steps" : "--workers";
            if (spark == null || localSteps == null) {
                throw new InvalidSettingException(
                        option,
                        localSteps != null ? localSteps : workers,
                        option + " together with --spark MASTER" + (localSteps == null ? " and --local-steps K" : ""),
                        "add --spark (and --local-steps) to fine-tune as local SGD, or drop " + option);
            }
            Check.positive("--local-steps", localSteps);
            Check.positive("--workers", workers());
        }
        Check.positive("--widen", widen);
        Check.positive("--hidden", hidden);
        if (batchSize != null && stageBatchSizes != null) {
            throw new InvalidSettingException(
                    "--batch-size", batchSize, "either --batch-size or --stage-batch-sizes", "drop one of them");
        }
        strategy(batchSize);
    }

    /**
     * Builds the network.
     *
     * @param sample one sample's shape
     * @param classes the classes
     * @return the MonolithNet
     */
    MonolithNet network(Shape sample, int classes) {
        return new MonolithNet(branches, depth, widen, hidden, (int) sample.get(0), classes);
    }

    /**
     * Builds the strategy, naming any bad value by its option.
     *
     * @param batchSize {@code --batch-size} for every stage, or null
     * @return the strategy
     */
    PartitionedStrategy strategy(Integer batchSize) {
        return strategy(batchSize, BranchRunner.IN_PROCESS, FineTuneRunner.IN_PROCESS);
    }

    /**
     * Returns stage 3's local-SGD workers.
     *
     * @return {@code --workers}, or 2
     */
    int workers() {
        return workers != null ? workers : 2;
    }

    /**
     * Builds the strategy with stage 1 on a runner.
     *
     * @param batchSize {@code --batch-size} for every stage, or null
     * @param runner where stage 1 trains the branches
     * @param fineTune where stage 3 trains
     * @return the strategy
     */
    PartitionedStrategy strategy(Integer batchSize, BranchRunner runner, FineTuneRunner fineTune) {
        int[] epochs = three("--stage-epochs", OptionValues.ints("--stage-epochs", stageEpochs), stageEpochs);
        double[] lrs = rates();
        PartitionedStrategy.Builder b = PartitionedStrategy.builder();
        try {
            b.stageEpochs(epochs[0], epochs[1], epochs[2]);
        } catch (InvalidSettingException e) {
            throw new InvalidSettingException(
                    "--stage-epochs",
                    stageEpochs,
                    "three integers: epochs per branch >= 1, of the head >= 1, of fine-tuning >= 0",
                    "write e.g. 4,2,2");
        }
        int[] batches = stageBatchSizes != null
                ? three(
                        "--stage-batch-sizes",
                        OptionValues.positiveInts("--stage-batch-sizes", stageBatchSizes),
                        stageBatchSizes)
                : batchSize != null ? new int[] {batchSize, batchSize, batchSize} : null;
        for (Stage s : Stage.values()) {
            b.learningRate(s, lrs[s.ordinal()]);
            if (batches != null) {
                b.batchSize(s, batches[s.ordinal()]);
            }
        }
        try {
            if (subset != null) {
                b.subsetFraction(subset);
            }
        } catch (InvalidSettingException e) {
            throw e.as("--subset");
        }
        if (disjoint && subset != null && subset * branches > 1) {
            throw new InvalidSettingException(
                    "--subset",
                    subset,
                    "at most 1/--branches = " + 1.0 / branches + " with --disjoint",
                    "lower --subset or drop --disjoint");
        }
        Check.positive("--scale-epochs", scaleEpochs);
        return b.disjointSubsets(disjoint)
                .cacheFeatures(!recomputeFeatures)
                .scaleEpochs(scaleEpochs)
                .offloadInactiveBranches(offload)
                .branchRunner(runner)
                .fineTuneRunner(fineTune)
                .build();
    }

    /** The network's name in the header line. */
    String describe() {
        return "MonolithNet of " + branches + " WRN-" + depth + "-" + widen + " branches";
    }

    private double[] rates() {
        double[] lrs;
        try {
            lrs = Arrays.stream(stageLrs.split(","))
                    .map(String::trim)
                    .mapToDouble(Double::parseDouble)
                    .toArray();
        } catch (NumberFormatException e) {
            lrs = new double[0];
        }
        if (lrs.length != 3 || Arrays.stream(lrs).anyMatch(x -> !(x > 0) || Double.isInfinite(x))) {
            throw new InvalidSettingException(
                    "--stage-lrs", stageLrs, "three finite numbers > 0", "write e.g. 0.1,0.005,1e-4");
        }
        return lrs;
    }

    private static int[] three(String option, int[] values, String text) {
        if (values.length != 3) {
            throw new InvalidSettingException(
                    option, text, "three comma-separated values, one per stage", "write e.g. 4,2,2");
        }
        return values;
    }
}
