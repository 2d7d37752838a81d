package io.resgrow.strategies.modelparallel;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.resgrow.core.RunSetting;
import io.resgrow.core.RunSettings;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.placement.DeviceList;
import io.resgrow.core.placement.NetworkPlacement;
import io.resgrow.core.placement.PlacementRule;
import io.resgrow.core.placement.Placer;
import io.resgrow.core.placement.Routable;
import io.resgrow.core.placement.Slot;
import io.resgrow.core.placement.TransferCounter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Model parallelism of multi-residual networks (Abdi and Nahavandi, "Multi-Residual Networks",
 * 2016, section 4): the residual functions of every block are spread over devices, each runs
 * where its parameters and optimizer state live, and their outputs are summed with the shortcut on
 * the block's home device. A wrapper: the inner strategy (plain, multi-level, incremental, ...)
 * trains as it would alone, and the network it trains is placed before every phase, so blocks it
 * inserts are placed too (a copied block's functions go where the functions it copies are: the
 * placement rule sees only a block's structure).
 *
 * <p>Devices may repeat ({@code cpu,cpu}): slots are logical, so the mechanism runs where there is
 * one device, transfers between slots are counted even when nothing moves. The run's first device
 * must be the first slot's device (the home device: stem, shortcuts, classifier, loss). Each
 * phase starts with a {@code placement} event saying where each function runs and the MACs per
 * device.
 *
 * <p>Hybrid parallelism ({@link Builder#groups}): the devices form groups of equal size (4 devices
 * in 2 groups: the paper's two K80 pairs); each batch is split near-equally over the groups (data
 * parallel), and within a group the functions are placed as above (model parallel). Gradients of
 * the groups are summed into the first group's parameters, which are updated there and copied to
 * the other groups' replicas.
 *
 * <p>Run settings it takes ({@link RunSetting}): those its inner strategy takes, on the inner
 * strategy's terms; it has none of its own.
 */
public final class ModelParallelBranches implements TrainingStrategy {

    private final String deviceText;
    private final List<Slot> slots;
    private final PlacementRule rule;
    private final TrainingStrategy inner;
    private final int groupSize;
    /** The explicit placement's device index per function, or null for a rule that adapts. */
    private final int[] explicit;

    private volatile NetworkPlacement last;

    private ModelParallelBranches(Builder b, List<Slot> slots) {
        this.deviceText = b.devices;
        this.slots = slots;
        this.rule = b.rule;
        this.inner = b.inner;
        this.groupSize = slots.size() / b.groups;
        this.explicit = b.explicit == null ? null : b.explicit.clone();
    }

    /**
     * Starts a builder (defaults: devices {@code cpu,cpu}, one group, balanced by MACs).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the slots.
     *
     * @return the logical devices, home first
     */
    public List<Slot> slots() {
        return slots;
    }

    /**
     * Returns the placement of the latest phase of the latest run (for inspection and tests).
     *
     * @return the placement, or null before any phase ran
     */
    public NetworkPlacement lastPlacement() {
        return last;
    }

    @Override
    public String describe() {
        int groups = slots.size() / groupSize;
        return "modelparallel(" + deviceText + (groups > 1 ? " in " + groups + " groups" : "") + ", " + rule + "; "
                + inner.describe() + ")";
    }

    @Override
    public void checkNetwork(Block network) {
        inner.checkNetwork(network);
        if (explicit == null) {
            return;
        }
        for (Routable block : Placer.routables(network)) {
            int functions = block.branches().size();
            if (functions != explicit.length) {
                throw new InvalidSettingException(
                        "explicit",
                        Arrays.toString(explicit),
                        "one device index per" + " function of a block (the network's blocks have " + functions + ")",
                        "give " + functions + " indexes, e.g. explicit(" + roundRobinText(functions) + ")");
            }
        }
    }

    private String roundRobinText(int functions) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < functions; i++) {
            text.append(i == 0 ? "" : ", ").append(i % groupSize);
        }
        return text.toString();
    }

    @Override
    public Set<RunSetting> runSettings() {
        return inner.runSettings();
    }

    @Override
    public void checkSettings(RunSettings settings) {
        inner.checkSettings(settings);
        Device[] runDevices = settings.devices();
        Device home = slots.get(0).device();
        if (runDevices.length != 1 || !runDevices[0].equals(home)) {
            throw new InvalidSettingException(
                    "devices",
                    deviceText,
                    "a list whose first device is the run's only" + " device (the run has "
                            + Arrays.toString(runDevices) + ")",
                    "give the run the single device " + home + " (RunBuilder.devices), or list " + runDevices[0]
                            + " first");
        }
    }

    @Override
    public void run(TrainingContext ctx) {
        Device home = slots.get(0).device();
        Map<Device, NDManager> managers = new HashMap<>();
        TransferCounter counter = new TransferCounter();
        ctx.place(c -> {
            NetworkPlacement p = Placer.place(
                    c.network(),
                    c.batchInputShape(),
                    slots,
                    groupSize,
                    rule,
                    counter,
                    d -> managers.computeIfAbsent(
                            d, x -> x.equals(home) ? c.manager() : c.manager().newSubManager(x)));
            c.event("placement", PlacementReport.detail(p, rule.toString()), PlacementReport.data(p, rule.toString()));
            last = p;
            return p;
        });
        inner.run(ctx);
    }

    /** Builder for {@link ModelParallelBranches}. */
    public static final class Builder {
        private String devices = "cpu,cpu";
        private int groups = 1;
        private PlacementRule rule = PlacementRule.balanced();
        private TrainingStrategy inner;
        private int[] explicit;

        /**
         * Sets the devices, e.g. {@code cpu,cpu} or {@code gpu0,gpu1}; a device may repeat.
         *
         * @param devices a comma-separated list
         * @return this builder
         */
        public Builder devices(String devices) {
            this.devices = devices;
            return this;
        }

        /**
         * Sets how many data-parallel groups the devices form (hybrid parallelism: data parallel
         * across groups, model parallel within each), e.g. 2 for 4 devices in pairs.
         *
         * @param groups the groups
         * @return this builder
         */
        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * Sets the placement rule.
         *
         * @param rule e.g. {@link PlacementRule#roundRobin()}
         * @return this builder
         */
        public Builder rule(PlacementRule rule) {
            this.rule = rule;
            this.explicit = null;
            return this;
        }

        /**
         * Balances each block's functions over the devices by MACs (the default).
         *
         * @return this builder
         */
        public Builder balanced() {
            return rule(PlacementRule.balanced());
        }

        /**
         * Puts function {@code i} of every block on device {@code i mod devices}.
         *
         * @return this builder
         */
        public Builder roundRobin() {
            return rule(PlacementRule.roundRobin());
        }

        /**
         * Puts function {@code i} of every block on device {@code slotOf[i]}.
         *
         * @param slotOf the device index of each function
         * @return this builder
         */
        public Builder explicit(int... slotOf) {
            rule(PlacementRule.explicit(slotOf));
            this.explicit = slotOf.clone();
            return this;
        }

        /**
         * Sets the strategy that trains the placed network.
         *
         * @param inner e.g. {@code PlainStrategy.epochs(10)} or a {@code MultiLevelInterpolation}
         * @return this builder
         */
        public Builder inner(TrainingStrategy inner) {
            this.inner = inner;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the strategy
         */
        public ModelParallelBranches build() {
            List<Slot> slots = DeviceList.parse("devices", devices, groups, "groups");
            if (rule == null) {
                throw new InvalidSettingException(
                        "rule",
                        null,
                        "a placement rule: balanced, roundRobin or explicit",
                        "call balanced(), roundRobin() or explicit(...)");
            }
            if (inner == null) {
                throw new InvalidSettingException(
                        "inner",
                        null,
                        "the strategy to wrap, e.g. PlainStrategy.epochs(10)",
                        "call inner(...) before build()");
            }
            int perGroup = slots.size() / groups;
            if (explicit != null && Arrays.stream(explicit).anyMatch(i -> i < 0 || i >= perGroup)) {
                throw new InvalidSettingException(
                        "explicit",
                        Arrays.toString(explicit),
                        "device indexes in [0, " + perGroup + ") (the devices of a group in " + devices + ")",
                        "give each function an index below " + perGroup);
            }
            return new ModelParallelBranches(this, slots);
        }
    }
}
