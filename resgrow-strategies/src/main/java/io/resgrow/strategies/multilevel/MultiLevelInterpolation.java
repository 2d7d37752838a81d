package io.resgrow.strategies.multilevel;

import ai.djl.nn.Block;
import io.resgrow.core.Phase;
import io.resgrow.core.RunSetting;
import io.resgrow.core.RunSettings;
import io.resgrow.core.StrategySetting;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.Interpolatable;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.CosineRestarts;
import io.resgrow.core.schedule.CosineSteps;
import io.resgrow.core.schedule.LrSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Multi-level training of residual networks by interpolation (Chang et al., "Multi-level Residual
 * Networks from Dynamical Systems View", ICLR 2018, section 4): train a shallow network (e.g.
 * 2-2-2 blocks, step size h = 1) for a cycle; at the end of every cycle but the last, interpolate
 * (every stage doubles its blocks with copies, h halves) and continue. Within each cycle the
 * learning rate follows a cosine from {@code etaMax} to {@code etaMin}, restarted at every cycle
 * (their eq. 9). Cycle boundaries are given in epochs ({@link Builder#cycleEnds}) or in optimizer
 * steps ({@link Builder#cycleEndSteps}); a cycle measured in steps may end in the middle of an
 * epoch, and the next cycle then starts a freshly shuffled epoch (the rest of the interrupted
 * epoch's order is not used).
 *
 * <p>Optimizer state at growth: parameters that existed before an interpolation keep their
 * momentum (renamed to follow them); the inserted copies start with none, as new parameters do.
 * The paper does not say; this keeps the update of existing blocks continuous while not doubling
 * the momentum that acts on the function the copies duplicate.
 *
 * <p>Resume: the context replays finished cycles and their interpolations, so a run stopped in any
 * cycle continues with the grown network, its h, its optimizer state and its place in the cycle's
 * schedule.
 *
 * <p>Its own values of the run's settings ({@link StrategySetting}): batch size 100 ({@link
 * Builder#batchSize}), SGD with momentum 0.9 and weight decay 2e-4 ({@link Builder#momentum},
 * {@link Builder#weightDecay}; one optimizer serves every cycle) and a cosine from 0.5 to 0.001 per
 * cycle ({@link Builder#eta}; a run's schedule restarts at every cycle).
 */
public final class MultiLevelInterpolation implements TrainingStrategy {

    private final int[] cycleLengths;
    private final boolean inSteps;
    private final boolean grow;
    private final StrategySetting<Integer> batchSize;
    private final StrategySetting<double[]> sgd;
    private final StrategySetting<double[]> eta;

    private MultiLevelInterpolation(Builder b) {
        this.grow = b.grow;
        this.cycleLengths = b.cycleLengths.clone();
        this.inSteps = b.inSteps;
        this.batchSize = b.batchSize;
        this.sgd = b.sgd;
        this.eta = b.eta;
    }

    /**
     * Starts a builder (defaults as the paper: cycles ending at epochs 60, 110, 160, eta 0.5 to
     * 0.001, SGD momentum 0.9, weight decay 2e-4, batch 100).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the cycle lengths, in epochs or, if {@link #cyclesInSteps()}, in steps.
     *
     * @return the lengths
     */
    public int[] cycleLengths() {
        return cycleLengths.clone();
    }

    /**
     * Returns whether cycle lengths count optimizer steps rather than epochs.
     *
     * @return true for steps
     */
    public boolean cyclesInSteps() {
        return inSteps;
    }

    /**
     * The theoretical share of training time saved against training the last cycle's network for
     * all cycles, if time is proportional to the number of residual blocks (stem and head
     * ignored): with cycle lengths {@code e_1..e_K} and the network doubling at each boundary,
     * {@code 1 - sum_i e_i 2^(i-1) / (2^(K-1) sum_i e_i)}. For K equal cycles it is {@code 1 -
     * (2^K - 1) / (2^(K-1) K)}: 41.7% for three.
     *
     * @param lengths cycle lengths
     * @return the saving in [0, 1)
     */
    public static double theoreticalSaving(int[] lengths) {
        double multi = 0;
        double total = 0;
        for (int i = 0; i < lengths.length; i++) {
            multi += lengths[i] * Math.pow(2, i);
            total += lengths[i];
        }
        return 1 - multi / (Math.pow(2, lengths.length - 1) * total);
    }

    @Override
    public String describe() {
        // batch size and optimizer too: a resume compares this text, and must see them change
        return String.format(
                Locale.ROOT,
                "%s(cycles %s%s, %s, %s, %s)",
                grow ? "multilevel" : "cyclic",
                Arrays.toString(cycleLengths),
                inSteps ? " steps" : "",
                eta.describe("eta " + eta.value()[0] + ".." + eta.value()[1]),
                batchSize.describe("batch " + batchSize.value()),
                sgd.describe("sgd momentum " + sgd.value()[0] + ", wd " + sgd.value()[1]));
    }

    @Override
    public void checkNetwork(Block network) {
        if (grow && !(network instanceof Interpolatable)) {
            throw new InvalidSettingException(
                    "network",
                    network.getClass().getSimpleName(),
                    "a network that implements Interpolatable (e.g. ResNetBuilder's ResNet)",
                    "build the network with io.resgrow.models.resnet.ResNetBuilder");
        }
    }

    @Override
    public List<StrategySetting<?>> ownSettings() {
        List<StrategySetting<?>> own = new ArrayList<>(List.of(batchSize, optimizer()));
        for (int c = 0; c < cycleLengths.length; c++) {
            own.add(schedule(c));
        }
        return own;
    }

    private StrategySetting<NamedOptimizer> optimizer() {
        return sgd.map(v -> NamedSgd.builder().momentum(v[0]).weightDecay(v[1]).build());
    }

    /** Cycle {@code c}'s own schedule: a cosine over the cycle, in epochs or steps. */
    private StrategySetting<LrSchedule> schedule(int c) {
        return eta.map(e -> inSteps
                ? new CosineSteps(e[0], e[1], cycleLengths[c])
                : new CosineRestarts(e[0], e[1], new int[] {cycleLengths[c]}, true));
    }

    @Override
    public void run(TrainingContext ctx) {
        Block network = ctx.network();
        checkNetwork(network);
        RunSettings run = ctx.settings();
        NamedOptimizer optimizer = optimizer().resolve(run);
        int batch = batchSize.resolve(run);
        if (grow) {
            ctx.event(
                    "schedule",
                    "theoretical time saving "
                            + String.format(Locale.ROOT, "%.1f%%", 100 * theoreticalSaving(cycleLengths)),
                    Map.of(
                            "cycleLengths", Arrays.stream(cycleLengths).boxed().toList(),
                            "cycleUnit", inSteps ? "steps" : "epochs",
                            "theoreticalSaving", theoreticalSaving(cycleLengths)));
        }
        for (int c = 0; c < cycleLengths.length; c++) {
            if (c > 0 && grow) {
                interpolate(ctx, (Interpolatable) network);
            }
            Phase.Builder phase = Phase.builder("cycle-" + (c + 1), network)
                    .optimizer(optimizer)
                    .batchSize(batch)
                    .schedule(schedule(c).resolve(run));
            if (inSteps) {
                phase.steps(cycleLengths[c]);
            } else {
                phase.epochs(cycleLengths[c]);
            }
            ctx.runPhase(phase.build());
        }
    }

    private static void interpolate(TrainingContext ctx, Interpolatable net) {
        int[] before = net.blocksPerStage();
        double hBefore = net.stepSize();
        ctx.restructure(() -> net.interpolate(ctx.manager()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("blocksBefore", Arrays.stream(before).boxed().toList());
        data.put("blocksAfter", Arrays.stream(net.blocksPerStage()).boxed().toList());
        data.put("hBefore", hBefore);
        data.put("hAfter", net.stepSize());
        ctx.event(
                "interpolate",
                Arrays.toString(before) + " -> " + Arrays.toString(net.blocksPerStage()) + ", h " + hBefore + " -> "
                        + net.stepSize(),
                data);
    }

    /** Builder for {@link MultiLevelInterpolation}. */
    public static final class Builder {
        private int[] cycleLengths = {60, 50, 50};
        private StrategySetting<double[]> eta = StrategySetting.byDefault(
                RunSetting.SCHEDULE, "MultiLevelInterpolation.eta", new double[] {0.5, 0.001});
        private StrategySetting<double[]> sgd = StrategySetting.byDefault(
                RunSetting.OPTIMIZER, "MultiLevelInterpolation.momentum/weightDecay", new double[] {0.9, 2e-4});
        private StrategySetting<Integer> batchSize =
                StrategySetting.byDefault(RunSetting.BATCH_SIZE, "MultiLevelInterpolation.batchSize", 100);
        private boolean grow = true;
        private boolean inSteps;

        /**
         * Chooses whether to interpolate between cycles (default). Without it the strategy trains
         * the given network with the same cyclic schedule: the fixed-depth baselines of the
         * paper's comparison.
         *
         * @param grow false for a fixed network
         * @return this builder
         */
        public Builder grow(boolean grow) {
            this.grow = grow;
            return this;
        }

        /**
         * Sets the epochs at which cycles end (the paper: 60, 110, 160).
         *
         * @param ends strictly increasing epochs
         * @return this builder
         */
        public Builder cycleEnds(int... ends) {
            return cycles(lengthsOf("cycleEnds", ends), false);
        }

        /**
         * Sets the optimizer steps (counted from the start of training) at which cycles end, e.g.
         * 24000, 44000, 64000.
         *
         * @param ends strictly increasing step counts
         * @return this builder
         */
        public Builder cycleEndSteps(int... ends) {
            return cycles(lengthsOf("cycleEndSteps", ends), true);
        }

        /**
         * Sets the cycle lengths in epochs (4, 4, 4 for three cycles of four epochs).
         *
         * @param lengths each >= 1
         * @return this builder
         */
        public Builder cycleLengths(int... lengths) {
            return cycles(checkLengths("cycleLengths", lengths), false);
        }

        /**
         * Sets the cycle lengths in optimizer steps.
         *
         * @param lengths each >= 1
         * @return this builder
         */
        public Builder cycleStepLengths(int... lengths) {
            return cycles(checkLengths("cycleStepLengths", lengths), true);
        }

        private Builder cycles(int[] lengths, boolean steps) {
            this.cycleLengths = lengths;
            this.inSteps = steps;
            return this;
        }

        private static int[] lengthsOf(String name, int[] ends) {
            Check.increasing(name, ends);
            int[] lengths = new int[ends.length];
            for (int i = 0; i < ends.length; i++) {
                lengths[i] = ends[i] - (i == 0 ? 0 : ends[i - 1]);
            }
            return checkLengths(name, lengths);
        }

        private static int[] checkLengths(String name, int[] lengths) {
            if (lengths.length == 0) {
                throw new InvalidSettingException(
                        name, "[]", "at least one cycle", "give one length per cycle, e.g. 4,4,4");
            }
            for (int l : lengths) {
                Check.positive(name, l);
            }
            return lengths.clone();
        }

        /**
         * Sets the learning rate range of every cycle (default 0.5 to 0.001); set, it wins over
         * the run's schedule, and the run is refused if that was set too and differs.
         *
         * @param max the rate at the start of a cycle
         * @param min the rate at its end, {@literal <=} max
         * @return this builder
         */
        public Builder eta(double max, double min) {
            new CosineRestarts(max, min, new int[] {1}, true);
            this.eta = eta.setTo(new double[] {max, min});
            return this;
        }

        /**
         * Sets SGD's momentum.
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder momentum(double momentum) {
            this.sgd = sgd.setTo(new double[] {Check.inRange("momentum", momentum, 0, 1, true), sgd.value()[1]});
            return this;
        }

        /**
         * Sets the weight decay.
         *
         * @param weightDecay >= 0
         * @return this builder
         */
        public Builder weightDecay(double weightDecay) {
            this.sgd = sgd.setTo(new double[] {sgd.value()[0], Check.nonNegative("weightDecay", weightDecay)});
            return this;
        }

        /**
         * Sets the batch size (default 100); set, it wins over the run's batch size, and the run is
         * refused if that was set too and differs.
         *
         * @param batchSize >= 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = this.batchSize.setTo(Check.positive("batchSize", batchSize));
            return this;
        }

        /**
         * Builds the strategy.
         *
         * @return the strategy
         */
        public MultiLevelInterpolation build() {
            return new MultiLevelInterpolation(this);
        }
    }
}
