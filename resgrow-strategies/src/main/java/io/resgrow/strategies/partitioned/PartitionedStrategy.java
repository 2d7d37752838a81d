package io.resgrow.strategies.partitioned;

import ai.djl.nn.Block;
import io.resgrow.core.RunSetting;
import io.resgrow.core.RunSettings;
import io.resgrow.core.StrategySetting;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.Fused;
import io.resgrow.datasets.split.Subsets;
import io.resgrow.models.head.ProxyHead;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Partitioned training of a network with parallel branches and a fusion head (Wong et al.,
 * "MonolithNet"), in three stages, on any {@link Fused} network: {@code MonolithNet} or a block of
 * your own.
 *
 * <ol>
 *   <li>Each branch in turn trains alone (the others are not computed) with a proxy head ({@link
 *       ProxyHead}) on the training data (all of it by default, or a seeded subset: {@link
 *       Subsets#parts}, disjoint or overlapping); its validation accuracy is through its proxy head.
 *   <li>The branches are frozen (no gradient, BatchNorm in inference mode) and the fusion head
 *       trains alone, on branch features computed once when the run has no augmentation (else
 *       recomputed every step in inference mode: the head sees the same features).
 *   <li>Everything trains end to end at a low learning rate.
 * </ol>
 *
 * <p><b>The head starts where the branches ended</b> ({@link EnsembleHead}): at the proxies' ensemble
 * or best proxy, not at chance; stage 2 trains to its validation plateau ({@link Builder#headPatience})
 * and goes back to that start if it ended below it; then the proxies are dropped from the run.
 *
 * <p><b>Offloading</b> ({@link Builder#offloadInactiveBranches}): in stage 1 the branches not
 * training wait on the host. <b>Elsewhere</b> ({@link Builder#branchRunner}): stage 1 on other
 * processes, such as Spark executors.
 *
 * <p>Each phase has its own SGD (fresh momentum). Defaults as the paper: momentum 0.9, weight decay
 * 5e-4; stage 1: 200 epochs per branch, LR 0.1 x0.2 at 30%, 60%, 80%, batch 128; stage 2: up to 40
 * epochs, LR 5e-4 (a tenth of the paper's: this head starts from the ensemble) x0.3 every 13 epochs,
 * batch 300; stage 3: 25 epochs, LR 1e-4 x0.2 after 13, batch 88. {@link Builder#scaleEpochs} shrinks
 * stages 1 and 3. <b>At a budget of B epochs</b> of the whole network (K branches one epoch each cost
 * about one), {@code stageEpochs(B - 2, 2, 0)} matched end-to-end training (BENCHMARKS.md). Events:
 * {@code partitioned-stage}, {@code head-init}, {@code head-kept}, {@code proxy-dropped}, {@code
 * partitioned-row} (the rows of {@link PartitionedTable}).
 *
 * <p>Run settings ({@link StrategySetting}): each stage's batch size ({@link Builder#batchSize(Stage,
 * int)}); a run-level {@code optimizer} or {@code schedule} is refused (each phase needs a fresh SGD
 * and rates of its own): set them per stage here.
 */
public final class PartitionedStrategy implements TrainingStrategy {

    /** The event type of a table row. */
    public static final String ROW = "partitioned-row";
    /** The event type that marks the start of a stage or of a branch. */
    public static final String STAGE = "partitioned-stage";

    /** The three stages, for per-stage settings. */
    public enum Stage {
        /** Stage 1: each branch with its proxy head (epochs are per branch). */
        BRANCHES("branches"),
        /** Stage 2: the fusion head alone. */
        HEAD("head"),
        /** Stage 3: end-to-end fine-tuning (0 epochs skips it). */
        FINE_TUNE("fineTune");

        private final String key;

        Stage(String key) {
            this.key = key;
        }

        /**
         * Returns the name used in error messages.
         *
         * @return e.g. {@code head}
         */
        public String key() {
            return key;
        }
    }

    private final PartitionedSettings s;

    private PartitionedStrategy(PartitionedSettings s) {
        this.s = s;
    }

    /**
     * Starts a builder with the paper's defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a stage's settings.
     *
     * @param stage the stage
     * @return its plan
     */
    public StagePlan plan(Stage stage) {
        return s.plans().get(stage.ordinal());
    }

    @Override
    public String describe() {
        return s.describe();
    }

    @Override
    public void checkNetwork(Block network) {
        s.checkNetwork(network);
    }

    @Override
    public Set<RunSetting> runSettings() {
        return EnumSet.of(RunSetting.BATCH_SIZE);
    }

    @Override
    public void checkSettings(RunSettings settings) {
        RunSetting.OPTIMIZER.refuseIfSet(
                settings,
                "PartitionedStrategy",
                "each phase trains with a fresh SGD, so"
                        + " that momentum of a branch does not act on the head or the fine-tuning",
                "set PartitionedStrategy.builder().momentum(...) and weightDecay(...)");
        RunSetting.SCHEDULE.refuseIfSet(
                settings,
                "PartitionedStrategy",
                "its three stages need rates of their own;" + " fine-tuning runs at a low one",
                "set learningRate(stage, ...) and decay(stage, ...) per stage");
        TrainingStrategy.super.checkSettings(settings);
    }

    @Override
    public List<StrategySetting<?>> ownSettings() {
        return List.copyOf(s.batchSizes());
    }

    @Override
    public void run(TrainingContext ctx) {
        checkNetwork(ctx.network());
        new PartitionedRun(s, ctx).run();
    }

    /** The strategy's settings; every knob has the paper's default. */
    public static final class Builder {
        private final StagePlan[] plans = {
            new StagePlan(200, 0.1, 0.2, new double[] {0.3, 0.6, 0.8}, 128),
            new StagePlan(40, 5e-4, 0.3, new double[] {13 / 40.0, 26 / 40.0, 39 / 40.0}, 300),
            new StagePlan(25, 1e-4, 0.2, new double[] {13 / 25.0}, 88)
        };
        private Double subsetFraction;
        private boolean disjoint;
        private boolean balanced = true;
        private long subsetSeed = 0x5375627365L;
        private boolean cacheFeatures = true;
        private double momentum = 0.9;
        private double weightDecay = 5e-4;
        private boolean offload;
        private int headPatience = 3;
        private BranchRunner runner = BranchRunner.IN_PROCESS;
        private FineTuneRunner fineTune = FineTuneRunner.IN_PROCESS;
        private final List<StrategySetting<Integer>> batchSizes = new ArrayList<>();

        private Builder() {
            for (Stage stage : Stage.values()) {
                batchSizes.add(StrategySetting.byDefault(
                        RunSetting.BATCH_SIZE,
                        "PartitionedStrategy." + stage.key() + ".batchSize",
                        plan(stage).batchSize()));
            }
        }

        /**
         * Sets a stage's epochs (per branch in stage 1).
         *
         * @param stage the stage
         * @param epochs >= 1, or >= 0 for fine-tuning (0 skips stage 3)
         * @return this builder
         */
        public Builder epochs(Stage stage, int epochs) {
            String name = stage.key() + ".epochs";
            int n = stage == Stage.FINE_TUNE ? Check.nonNegative(name, epochs) : Check.positive(name, epochs);
            return set(stage, plan(stage).withEpochs(n));
        }

        /**
         * Sets the epochs of the three stages at once (the command line's {@code --stage-epochs}).
         *
         * @param branches epochs per branch in stage 1, >= 1
         * @param head epochs of stage 2, >= 1
         * @param fineTune epochs of stage 3, >= 0
         * @return this builder
         */
        public Builder stageEpochs(int branches, int head, int fineTune) {
            return epochs(Stage.BRANCHES, branches).epochs(Stage.HEAD, head).epochs(Stage.FINE_TUNE, fineTune);
        }

        /**
         * Multiplies the stages' epochs by {@code factor} for small runs (rounded, at least 1; a
         * skipped fine-tuning stays skipped). Decay points keep their places in each stage. The
         * head's stage keeps its cap while {@link #headPatience} ends it at its plateau. Rates are
         * not scaled: the paper's are tuned for its length, and at a few epochs stage 1's 0.1 with
         * its decays still trains the branches; stage 2 starts from the branches' ensemble.
         *
         * @param factor > 0
         * @return this builder
         */
        public Builder scaleEpochs(double factor) {
            Check.positive("scaleEpochs", factor);
            for (Stage st : Stage.values()) {
                if (st == Stage.HEAD && headPatience > 0) {
                    continue;
                }
                int e = plan(st).epochs();
                set(st, plan(st).withEpochs(e == 0 ? 0 : (int) Math.max(1, Math.round(e * factor))));
            }
            return this;
        }

        /**
         * Sets a stage's initial learning rate.
         *
         * @param stage the stage
         * @param lr > 0
         * @return this builder
         */
        public Builder learningRate(Stage stage, double lr) {
            return set(stage, plan(stage).withLearningRate(Check.positive(stage.key() + ".learningRate", lr)));
        }

        /**
         * Sets a stage's learning rate decay.
         *
         * @param stage the stage
         * @param factor the multiplier at each point, > 0
         * @param at decay points as fractions of the stage, each in (0, 1)
         * @return this builder
         */
        public Builder decay(Stage stage, double factor, double... at) {
            Check.positive(stage.key() + ".decayFactor", factor);
            for (double f : at) {
                if (!(f > 0 && f < 1)) {
                    throw new InvalidSettingException(
                            stage.key() + ".decayAt",
                            at,
                            "fractions of the stage in (0, 1)",
                            "give decay points such as 0.3, 0.6, 0.8");
                }
            }
            return set(stage, plan(stage).withDecay(factor, at));
        }

        /**
         * Sets a stage's batch size; set, it wins over the run's batch size for this stage, and the
         * run is refused if that was set too and differs.
         *
         * @param stage the stage
         * @param batchSize >= 1
         * @return this builder
         */
        public Builder batchSize(Stage stage, int batchSize) {
            Check.positive(stage.key() + ".batchSize", batchSize);
            batchSizes.set(stage.ordinal(), batchSizes.get(stage.ordinal()).setTo(batchSize));
            return set(stage, plan(stage).withBatchSize(batchSize));
        }

        /**
         * Sets the fraction of the training data each branch trains on in stage 1 (default: all of
         * it, each branch in its own order; with {@link #disjointSubsets} a K-th for K branches). The
         * paper's 0.5 halves every branch's steps, which short runs cannot spare (BENCHMARKS.md).
         *
         * @param fraction in (0, 1]
         * @return this builder
         */
        public Builder subsetFraction(double fraction) {
            this.subsetFraction =
                    Check.fraction("subsetFraction", fraction, "use e.g. 0.5 for half of the training data per branch");
            return this;
        }

        /**
         * Sets whether the branches' subsets share no sample (default false: drawn independently).
         *
         * @param disjoint true for disjoint subsets (a K-th of the data each for K branches unless
         *     {@link #subsetFraction} is set; the fraction times K must then be at most 1)
         * @return this builder
         */
        public Builder disjointSubsets(boolean disjoint) {
            this.disjoint = disjoint;
            return this;
        }

        /**
         * Sets whether each subset gives every class the same share (default true).
         *
         * @param balanced true for class-balanced subsets
         * @return this builder
         */
        public Builder balancedSubsets(boolean balanced) {
            this.balanced = balanced;
            return this;
        }

        /**
         * Sets the seed of the subsets, mixed with the run's seed (default a fixed constant).
         *
         * @param seed any value
         * @return this builder
         */
        public Builder subsetSeed(long seed) {
            this.subsetSeed = seed;
            return this;
        }

        /**
         * Sets whether stage 2 computes the branch features once when the run has no augmentation
         * (default true); false recomputes them every step.
         *
         * @param cache whether to cache
         * @return this builder
         */
        public Builder cacheFeatures(boolean cache) {
            this.cacheFeatures = cache;
            return this;
        }

        /**
         * Sets how stage 2 ends when there is validation data: once validation accuracy has not
         * improved for this many epochs, with the stage's epochs as a cap (default 3; 0 trains the
         * stage's epochs whatever happens). On cached features a head epoch costs next to nothing,
         * so the head trains to its plateau instead of for a count scaled from the paper's 40.
         *
         * @param epochs >= 0
         * @return this builder
         */
        public Builder headPatience(int epochs) {
            this.headPatience = Check.nonNegative("headPatience", epochs);
            return this;
        }

        /**
         * Sets SGD's momentum in every stage (default 0.9).
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder momentum(double momentum) {
            this.momentum = Check.inRange("momentum", momentum, 0, 1, true);
            return this;
        }

        /**
         * Sets the weight decay in every stage (default 5e-4).
         *
         * @param weightDecay >= 0
         * @return this builder
         */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
            return this;
        }

        /**
         * Sets whether, in stage 1, the branches that are not training wait on the host while the
         * active one trains on the device (default false). Pays a copy of each branch's parameters
         * per branch switch; lets branches that do not fit the device together train one by one.
         * Has nothing to move when the training device is the CPU.
         *
         * @param offload whether to offload
         * @return this builder
         */
        public Builder offloadInactiveBranches(boolean offload) {
            this.offload = offload;
            return this;
        }

        /**
         * Sets where stage 1 trains the branches (default {@link BranchRunner#IN_PROCESS}: one by one
         * here; resgrow-spark's runner sends each to a Spark executor).
         *
         * @param runner the runner
         * @return this builder
         */
        public Builder branchRunner(BranchRunner runner) {
            this.runner = Check.notNull("branchRunner", runner);
            return this;
        }

        /**
         * Sets where stage 3 fine-tunes (default {@link FineTuneRunner#IN_PROCESS}; resgrow-spark's
         * {@code LocalSgdFineTune} trains it as local SGD on Spark executors).
         *
         * @param runner the runner
         * @return this builder
         */
        public Builder fineTuneRunner(FineTuneRunner runner) {
            this.fineTune = Check.notNull("fineTuneRunner", runner);
            return this;
        }

        /**
         * Builds the strategy.
         *
         * @return the strategy
         */
        public PartitionedStrategy build() {
            return new PartitionedStrategy(new PartitionedSettings(
                    List.of(plans),
                    subsetFraction,
                    disjoint,
                    balanced,
                    subsetSeed,
                    cacheFeatures,
                    momentum,
                    weightDecay,
                    offload,
                    headPatience,
                    List.copyOf(batchSizes),
                    runner,
                    fineTune));
        }

        private StagePlan plan(Stage stage) {
            return plans[stage.ordinal()];
        }

        private Builder set(Stage stage, StagePlan plan) {
            plans[stage.ordinal()] = plan;
            return this;
        }
    }
}
