package io.resgrow.examples.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.placement.DeviceList;
import io.resgrow.core.placement.PlacementRule;
import io.resgrow.core.placement.Slot;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.multires.MultiResNets;
import io.resgrow.strategies.modelparallel.ModelParallelBranches;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code train --strategy modelparallel} (Abdi and Nahavandi's Multi-ResNet with
 * its residual functions spread over devices): the devices, the placement rule and the strategy it
 * wraps; the network is a Multi-ResNet of {@code --depth}, {@code --k} and {@code --widen}, or with
 * {@code --inner partitioned} the MonolithNet of the partitioned options, whose branches are placed,
 * or with {@code --inner incremental} a growing ResNet of {@code --blocks} and {@code --widths} with
 * {@code --k} functions per block.
 */
public final class ModelParallelOptions {

    static final List<String> INNER = List.of("plain", "multilevel", "incremental", "partitioned");

    @Option(names = "--devices", defaultValue = "cpu,cpu",
            description = "modelparallel: devices, e.g. cpu,cpu or gpu0,gpu1; the first is home (default: ${DEFAULT-VALUE})")
    String devices;

    @Option(names = "--groups", defaultValue = "1",
            description = "modelparallel: data-parallel groups of the devices, e.g. 2 or 2x2 (2 groups of 2) (default: ${DEFAULT-VALUE})")
    String groups;

    @Option(names = "--inner", defaultValue = "plain",
            description = "modelparallel: the wrapped strategy, plain, multilevel (on a Multi-ResNet), incremental (on a"
                    + " growing ResNet of --blocks and --widths with --k functions per block) or partitioned (on a"
                    + " MonolithNet of --branches WRN branches) (default: ${DEFAULT-VALUE})")
    String inner;

    @Option(names = "--placement", defaultValue = "balanced",
            description = "modelparallel: balanced (by MACs), round-robin, or a device index per function such as 0,1,1"
                    + " (default: ${DEFAULT-VALUE})")
    String placement;

    @Option(names = "--k", defaultValue = "2", description = "modelparallel: residual functions per block (default: ${DEFAULT-VALUE})")
    int k;

    /** The default depth of the Multi-ResNet (6n+2, n = 2). */
    static final int DEFAULT_DEPTH = 14;

    /**
     * Checks the options under their own names.
     *
     * @param arch {@code --arch} (shared with incremental), or null for multires
     * @param depth {@code --depth}
     * @param widen {@code --widen}
     * @param offload {@code --offload} (partitioned)
     * @param branches {@code --branches} (partitioned)
     */
    void validate(String arch, int depth, int widen, boolean offload, int branches) {
        present(slots());
        if (!INNER.contains(inner)) {
            throw new InvalidSettingException("--inner", inner, "plain, multilevel, incremental or partitioned",
                    "use --inner plain, multilevel, incremental or partitioned");
        }
        if (inner.equals("incremental")) {
            if (arch != null && !arch.equals("resnet")) {
                throw new InvalidSettingException("--arch", arch, "resnet (incremental growth of a ResNet with --k"
                        + " residual functions per block, whose functions are placed)", "use --arch resnet or leave"
                        + " --arch out");
            }
            Check.positive("--k", k);
            rule("--k", k);
            return;
        }
        if (inner.equals("partitioned")) {
            if (arch != null && !arch.equals("monolith")) {
                throw new InvalidSettingException("--arch", arch, "monolith (partitioned training places MonolithNet's"
                        + " branches)", "use --arch monolith or leave --arch out");
            }
            if (offload) {
                throw new InvalidSettingException("--offload", true, "no --offload under --strategy modelparallel (the"
                        + " placement decides where every branch lives)", "drop --offload");
            }
            rule("--branches", branches);
            return;
        }
        if (arch != null && !arch.equals("multires")) {
            throw new InvalidSettingException("--arch", arch, "multires", "use --arch multires (a network whose blocks"
                    + " have parallel residual functions)");
        }
        Check.positive("--k", k);
        network(depth, widen, new Shape(1, 8, 8), 2);
        rule("--k", k);
    }

    /**
     * Returns the home device: the run's device.
     *
     * @return the first device
     */
    Device home() {
        return slots().get(0).device();
    }

    /**
     * Returns the wrapped strategy's name.
     *
     * @return plain or multilevel
     */
    String inner() {
        return inner;
    }

    /**
     * Builds the network.
     *
     * @param depth 6n+2
     * @param widen the width multiplier
     * @param sample one sample's shape
     * @param classes the classes
     * @return the Multi-ResNet
     */
    ResNet network(int depth, int widen, Shape sample, int classes) {
        try {
            return MultiResNets.builder(depth, k, widen, false).inputChannels((int) sample.get(0)).classes(classes)
                    .build();
        } catch (InvalidSettingException e) {
            throw e.as("--" + e.parameter());
        }
    }

    /**
     * Wraps a strategy.
     *
     * @param wrapped the inner strategy
     * @param branches {@code --branches} (partitioned)
     * @return the model-parallel strategy
     */
    TrainingStrategy strategy(TrainingStrategy wrapped, int branches) {
        PlacementRule rule = inner.equals("partitioned") ? rule("--branches", branches) : rule("--k", k);
        return ModelParallelBranches.builder().devices(devices).groups(groupCount()).rule(rule).inner(wrapped).build();
    }

    /** Refuses GPUs this machine does not have, before any work (libtorch would fail deep inside). */
    private void present(List<Slot> slots) {
        int gpus = -1;
        for (Slot s : slots) {
            if (s.device().isGpu()) {
                gpus = gpus >= 0 ? gpus : ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount();
                if (s.device().getDeviceId() >= gpus) {
                    throw new InvalidSettingException("--devices", devices, gpus == 0
                            ? "cpu devices (no GPU found: DJL's PyTorch engine sees none on this machine)"
                            : "cpu or gpu0 to gpu" + (gpus - 1) + " (" + gpus + " GPUs found)",
                            gpus == 0 ? "use --devices cpu,cpu to try model parallelism on the CPU, or a machine with"
                                    + " GPUs and the CUDA natives (docs/gpu.md)" : "name only the GPUs this machine has");
                }
            }
        }
    }

    private List<Slot> slots() {
        int g = groupCount();
        return DeviceList.parse("--devices", devices, g, "--groups");
    }

    /** {@code --groups 2} or, as the issue writes it, {@code 2x2} (groups x devices per group). */
    private int groupCount() {
        String[] parts = groups.split("x", -1);
        int deviceCount = devices.split(",", -1).length;
        try {
            int g = Integer.parseInt(parts[0].trim());
            if (parts.length == 2 && g * Integer.parseInt(parts[1].trim()) != deviceCount) {
                throw new InvalidSettingException("--groups", groups, "GROUPSxSIZE covering the " + deviceCount
                        + " devices of --devices " + devices, "list GROUPS x SIZE devices or change --groups");
            }
            if (parts.length > 2) {
                throw new NumberFormatException(groups);
            }
            return g;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("--groups", groups, "an integer such as 2, or GROUPSxSIZE such as 2x2",
                    "write e.g. --groups 2x2");
        }
    }

    /** The placement rule; an explicit one needs one device index per branch ({@code --k} or {@code --branches}). */
    private PlacementRule rule(String countOption, int count) {
        return switch (placement) {
            case "balanced" -> PlacementRule.balanced();
            case "round-robin" -> PlacementRule.roundRobin();
            default -> {
                int[] slotOf = OptionValues.ints("--placement", placement);
                int n = slots().size() / groupCount();
                for (int s : slotOf) {
                    if (s < 0 || s >= n) {
                        throw new InvalidSettingException("--placement", placement, "balanced, round-robin, or one"
                                + " device index in [0, " + n + ") (within a group) per function",
                                "write e.g. --placement 0,1");
                    }
                }
                if (slotOf.length != count) {
                    throw new InvalidSettingException("--placement", placement, "one device index per function ("
                            + countOption + " " + count + ")", "give " + count + " indices");
                }
                yield PlacementRule.explicit(slotOf);
            }
        };
    }
}
