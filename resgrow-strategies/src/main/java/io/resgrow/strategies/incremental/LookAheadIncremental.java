package io.resgrow.strategies.incremental;

import ai.djl.nn.Block;
import io.resgrow.core.Phase;
import io.resgrow.core.RunSetting;
import io.resgrow.core.RunSettings;
import io.resgrow.core.StrategySetting;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.Describe;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.network.Growable;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.optim.NamedRmsProp;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.CosineRestarts;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.stop.SlopeCriterion;
import io.resgrow.core.stop.StoppingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Incremental training with look-ahead initialisation (Istrate, Malossi, Bekas and Nikolopoulos,
 * "Incremental Training of Deep Convolutional Neural Networks"): a {@link Growable} network starts
 * with its first sub-network and the classifier; each stage trains the current network until the
 * slope criterion fires (every {@code window} epochs, the angle of the line through the last
 * {@code window} validation accuracies falls to {@code gamma} times the previous one) or the stage
 * reaches its epoch cap; then the next sub-network is appended with a new classifier for its width.
 *
 * <p>Look-ahead initialisation: the new sub-network and the new classifier first train alone for
 * {@code lookAheadEpochs} while the earlier sub-networks are frozen (no gradient, no backward work,
 * BatchNorm in inference mode); then the whole network trains jointly. In {@code RANDOM} mode the
 * new part starts from its initialiser and everything trains jointly at once (the paper's
 * comparison). Growth ends when all sub-networks are in, or earlier when the {@link GrowthRule}
 * says so.
 *
 * <p>Optimizer state at each growth: one optimizer serves the whole run. The earlier sub-networks
 * keep their state (momentum, mean squares) under their unchanged names, and keep it through the
 * look-ahead phase, where they are not updated. The new sub-network and the new classifier start
 * with none. The replaced classifier is dropped: its parameters leave the network, the optimizer
 * and every later checkpoint.
 *
 * <p>Every growth is recorded in the report: an {@code insert} event and the look-ahead phase's
 * {@code phase-start}, {@code freeze} and {@code phase-end} events, and at the end of each
 * sub-network's stage a {@code value-added} event, from which {@link ValueAdded} prints the
 * table. The {@code insert} event reaches the run's listeners after the new sub-network and
 * classifier are initialised and before anything trains them: a listener may set their starting
 * values there (through {@code Growable.subNetworks()} and {@code classifier()}), as the lock-step
 * check against the PyTorch peer does to start them from the peer's values.
 *
 * <p>Its own values of the run's settings ({@link StrategySetting}), the paper's: batch size 128
 * ({@link Builder#batchSize}; use 32 for VGG), RMSProp with momentum 0.9 and weight decay 1e-4 ({@link
 * Builder#optimizer}, {@link Builder#weightDecay}; one optimizer serves every stage) and a constant
 * rate of 1e-4 ({@link Builder#learningRate}, or {@link Builder#cosine} per phase with SGD for a
 * budget of tens of epochs; a run's schedule restarts at every stage and look-ahead phase).
 */
public final class LookAheadIncremental implements TrainingStrategy {

    /** The event type of a sub-network's value row. */
    public static final String VALUE_ADDED = "value-added";

    /** How a new sub-network starts. */
    public enum Init {
        /** Train the new part alone first, the rest frozen. */
        LOOKAHEAD,
        /** No look-ahead: the new part starts from its initialiser and everything trains at once. */
        RANDOM
    }

    private final Builder b;

    private LookAheadIncremental(Builder b) {
        this.b = b.copy();
    }

    /**
     * Starts a builder with the paper's defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return String.format(
                Locale.ROOT,
                "incremental(%s, ws %d, gamma %s, max %d %s per stage, %s, %s%s)",
                b.init == Init.LOOKAHEAD
                        ? "look-ahead " + b.lookAheadEpochs + (b.lookAheadEpochs == 1 ? " epoch" : " epochs")
                        : "random init",
                b.window,
                b.gamma,
                b.maxEpochsPerStage,
                b.maxEpochsPerStage == 1 ? "epoch" : "epochs",
                b.cosine == null
                        ? b.learningRate.describe("lr " + b.learningRate.value())
                        : "cosine " + b.cosine[0] + ".." + b.cosine[1] + " per phase"
                                + (b.optimizer.value() == null ? ", " + b.optimizer.describe("sgd") : ""),
                b.batchSize.describe("batch " + b.batchSize.value()),
                b.finalStop == null ? "" : ", final stage until " + Describe.of(b.finalStop));
    }

    @Override
    public void checkNetwork(Block network) {
        IncrementalChecks.growable(network);
    }

    @Override
    public List<StrategySetting<?>> ownSettings() {
        // every phase length's schedule: a run's schedule that differs from any is refused before training
        return List.of(
                b.batchSize, optimizer(), schedule(Math.max(1, b.maxEpochsPerStage)), schedule(b.lookAheadEpochs));
    }

    private StrategySetting<NamedOptimizer> optimizer() {
        double decay = b.weightDecay;
        boolean sgd = b.cosine != null;
        return b.optimizer.map(o -> o != null
                ? o
                : sgd
                        ? NamedSgd.builder().momentum(0.9).weightDecay(decay).build()
                        : NamedRmsProp.builder()
                                .momentum(0.9)
                                .weightDecay(decay)
                                .build());
    }

    /** A phase's schedule: the constant rate, or the cosine over the phase's epochs. */
    private StrategySetting<LrSchedule> schedule(int epochs) {
        double[] c = b.cosine;
        return b.learningRate.map(
                lr -> c == null ? LrSchedule.constant(lr) : new CosineRestarts(c[0], c[1], new int[] {epochs}, true));
    }

    @Override
    public void run(TrainingContext ctx) {
        checkNetwork(ctx.network());
        IncrementalChecks.validation(ctx.settings());
        Growable net = (Growable) ctx.network();
        Block block = ctx.network();
        RunSettings run = ctx.settings();
        Use use = new Use(
                b.batchSize.resolve(run),
                optimizer().resolve(run),
                e -> schedule(e).resolve(run));
        int total = net.subNetworks().size();
        List<SubNetworkValue> values = new ArrayList<>();
        double before = Double.NaN;
        double afterLookAhead = Double.NaN;
        long params = ParameterCount.learnable(block);
        IncrementalChecks.growthRule(b.growthRule, net, ctx.batchInputShape());
        IncrementalChecks.input(b.growthRule, net, ctx.batchInputShape());
        long macs = MacCounter.count(block, ctx.batchInputShape()).macs();
        long paramsAdded = params;
        long macsAdded = macs;
        int epochAdded = 0;
        // totals from phase results, not from the history: a resumed run replays the phases before
        // its checkpoint without their epochs, and must take the same growth decisions
        PhaseTotals totals = new PhaseTotals();
        for (int k = net.grown(); ; k++) {
            boolean last = k == total;
            PhaseResult stage = totals.add(ctx.runPhase(phase("stage-" + k, block, use, b.maxEpochsPerStage)
                    .stop(last && b.finalStop != null ? b.finalStop : capped(new SlopeCriterion(b.window, b.gamma)))
                    .build()));
            SubNetworkValue v = new SubNetworkValue(
                    k,
                    epochAdded,
                    before,
                    afterLookAhead,
                    stage.lastValidationAccuracy(),
                    paramsAdded,
                    macsAdded,
                    totals.flops,
                    totals.seconds);
            values.add(v);
            GrowthEvents.valueAdded(ctx, v);
            if (last || b.growthRule.stopGrowing(values)) {
                if (!last) {
                    GrowthEvents.stopped(ctx, k, total);
                }
                return;
            }
            before = v.accuracyEnd();
            epochAdded = totals.epochs;
            int next = k + 1;
            ctx.restructure(() -> net.grow(ctx.batchInputShape(), (part, shape) -> ctx.initialize(part, shape)));
            long p = ParameterCount.learnable(block);
            long m = MacCounter.count(block, ctx.batchInputShape()).macs();
            paramsAdded = p - params;
            macsAdded = m - macs;
            params = p;
            macs = m;
            GrowthEvents.inserted(ctx, next, total, p, m, before);
            afterLookAhead = Double.NaN;
            if (b.init == Init.LOOKAHEAD) {
                afterLookAhead = totals.add(ctx.runPhase(phase("lookahead-" + next, block, use, b.lookAheadEpochs)
                                .freeze(net.subNetworks().subList(0, k))
                                .epochs(b.lookAheadEpochs)
                                .build()))
                        .lastValidationAccuracy();
            }
        }
    }

    private StoppingRule capped(StoppingRule rule) {
        return b.maxEpochsPerStage > 0 ? rule.or(StoppingRule.epochs(b.maxEpochsPerStage)) : rule;
    }

    /** What every phase trains with; its schedule by the phase's planned epochs. */
    private record Use(int batchSize, NamedOptimizer optimizer, IntFunction<LrSchedule> schedule) {}

    private static Phase.Builder phase(String name, Block network, Use use, int epochs) {
        return Phase.builder(name, network)
                .optimizer(use.optimizer())
                .schedule(use.schedule().apply(epochs))
                .batchSize(use.batchSize());
    }

    /** The strategy's settings; every knob has the paper's default. */
    public static final class Builder {
        private int window = 5;
        private double gamma = 0.5;
        private int lookAheadEpochs = 2;
        private Init init = Init.LOOKAHEAD;
        private int maxEpochsPerStage = 30;
        private StoppingRule finalStop;
        private GrowthRule growthRule = GrowthRule.never();
        private StrategySetting<Double> learningRate =
                StrategySetting.byDefault(RunSetting.SCHEDULE, "LookAheadIncremental.learningRate", 1e-4);
        private double weightDecay = 1e-4;
        /** The cosine's range per phase, or null for the constant {@link #learningRate}. */
        private double[] cosine;

        private StrategySetting<Integer> batchSize =
                StrategySetting.byDefault(RunSetting.BATCH_SIZE, "LookAheadIncremental.batchSize", 128);
        /** The optimizer its user gave (null: RMSProp, or SGD with a cosine, with {@link #weightDecay}). */
        private StrategySetting<NamedOptimizer> optimizer =
                StrategySetting.byDefault(RunSetting.OPTIMIZER, "LookAheadIncremental.weightDecay", null);

        private Builder() {}

        private Builder copy() {
            Builder c = new Builder();
            c.window = window;
            c.gamma = gamma;
            c.lookAheadEpochs = lookAheadEpochs;
            c.init = init;
            c.maxEpochsPerStage = maxEpochsPerStage;
            c.finalStop = finalStop;
            c.growthRule = growthRule;
            c.learningRate = learningRate;
            c.weightDecay = weightDecay;
            c.cosine = cosine;
            c.batchSize = batchSize;
            c.optimizer = optimizer;
            return c;
        }

        /**
         * Sets the slope criterion's window {@code ws} (default 5 epochs).
         *
         * @param epochs >= 2
         * @return this builder
         */
        public Builder window(int epochs) {
            if (epochs < 2) {
                throw new InvalidSettingException(
                        "window",
                        epochs,
                        "an integer >= 2 (a line needs two points)",
                        "use a window of 2 or more epochs");
            }
            this.window = epochs;
            return this;
        }

        /**
         * Sets the slope criterion's ratio {@code gamma} (default 0.5): grow when the accuracy's
         * angle falls to gamma times the previous window's.
         *
         * @param gamma > 0
         * @return this builder
         */
        public Builder gamma(double gamma) {
            this.gamma = Check.positive("gamma", gamma);
            return this;
        }

        /**
         * Sets the look-ahead epochs of each new sub-network (default 2).
         *
         * @param epochs >= 1
         * @return this builder
         */
        public Builder lookAheadEpochs(int epochs) {
            this.lookAheadEpochs = Check.positive("lookAheadEpochs", epochs);
            return this;
        }

        /**
         * Sets how new sub-networks start (default look-ahead).
         *
         * @param init LOOKAHEAD or RANDOM
         * @return this builder
         */
        public Builder init(Init init) {
            this.init = Check.notNull("init", init);
            return this;
        }

        /**
         * Caps each stage's joint training (default 30 epochs; 0 for no cap).
         *
         * @param epochs >= 0
         * @return this builder
         */
        public Builder maxEpochsPerStage(int epochs) {
            this.maxEpochsPerStage = Check.nonNegative("maxEpochsPerStage", epochs);
            return this;
        }

        /**
         * Sets when the last stage (all sub-networks in) ends, instead of the slope criterion and
         * the stage cap, e.g. a target accuracy or an epoch budget (then make sure it ends).
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder finalStop(StoppingRule rule) {
            this.finalStop = Check.notNull("finalStop", rule);
            return this;
        }

        /**
         * Sets the trade-off rule that may end growth early (default: never).
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder growthRule(GrowthRule rule) {
            this.growthRule = Check.notNull("growthRule", rule);
            return this;
        }

        /**
         * Sets the constant learning rate (default 1e-4), in place of a {@link #cosine}.
         *
         * @param lr > 0
         * @return this builder
         */
        public Builder learningRate(double lr) {
            this.learningRate =
                    learningRate.setTo("LookAheadIncremental.learningRate", Check.positive("learningRate", lr));
            this.cosine = null;
            return this;
        }

        /**
         * Anneals every phase from {@code etaMax} to {@code etaMin} by a cosine over the phase's
         * planned epochs (a stage's cap, the look-ahead's epochs), step by step, with SGD (momentum
         * 0.9, the weight decay set) unless an optimizer is given: at a 12-epoch budget it ended 4.4
         * points above the paper's constant RMSProp at 1e-4 (BENCHMARKS.md, issue 25). Replaces
         * {@link #learningRate}; needs a stage cap. A stage the slope criterion ends early stops
         * mid-cosine; a last stage under {@link #finalStop} trains past the cap at {@code etaMin}.
         *
         * @param etaMax the rate at the start of every phase, > 0
         * @param etaMin the rate at its end, in [0, etaMax]
         * @return this builder
         */
        public Builder cosine(double etaMax, double etaMin) {
            Check.positive("etaMax", etaMax);
            Check.inRange("etaMin", etaMin, 0, etaMax, false);
            this.learningRate = learningRate.setTo("LookAheadIncremental.cosine", etaMax);
            this.cosine = new double[] {etaMax, etaMin};
            return this;
        }

        /**
         * Sets the default optimizer's weight decay (default 1e-4).
         *
         * @param weightDecay >= 0
         * @return this builder
         */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
            // an optimizer given whole keeps its own decay (and its name in messages)
            this.optimizer = optimizer.setTo(optimizer.value());
            return this;
        }

        /**
         * Sets the batch size (default 128; the paper uses 32 for VGG).
         *
         * @param batchSize >= 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = this.batchSize.setTo(Check.positive("batchSize", batchSize));
            return this;
        }

        /**
         * Replaces the default optimizer (RMSProp, or SGD with a {@link #cosine}; momentum 0.9, weight decay as set).
         *
         * @param optimizer the optimizer
         * @return this builder
         */
        public Builder optimizer(NamedOptimizer optimizer) {
            this.optimizer =
                    this.optimizer.setTo("LookAheadIncremental.optimizer", Check.notNull("optimizer", optimizer));
            return this;
        }

        /**
         * Builds the strategy.
         *
         * @return the strategy
         */
        public LookAheadIncremental build() {
            if (cosine != null && maxEpochsPerStage == 0) {
                throw new InvalidSettingException(
                        "maxEpochsPerStage",
                        0,
                        "at least 1 with cosine(...): a stage's cosine runs over its cap",
                        "set maxEpochsPerStage(n), or use a constant learningRate");
            }
            return new LookAheadIncremental(this);
        }
    }
}
