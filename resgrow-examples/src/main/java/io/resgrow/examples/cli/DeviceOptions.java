package io.resgrow.examples.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.placement.DeviceList;
import io.resgrow.core.placement.PlacementRule;
import io.resgrow.core.placement.Slot;
import io.resgrow.strategies.modelparallel.ModelParallelBranches;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code train modelparallel} (Abdi and Nahavandi's Multi-ResNet with its residual
 * functions spread over devices), a mixin on each strategy it wraps: the devices, their
 * data-parallel groups and the placement rule of the functions (or branches) over a group's
 * devices.
 */
public final class DeviceOptions {

    @Option(
            names = "--devices",
            defaultValue = "cpu,cpu",
            description = "devices, e.g. cpu,cpu or gpu0,gpu1; the first is home (default: ${DEFAULT-VALUE})")
    String devices;

    @Option(
            names = "--groups",
            defaultValue = "1",
            description =
                    "data-parallel groups of the devices, e.g. 2 or 2x2 (2 groups of 2) (default: ${DEFAULT-VALUE})")
    String groups;

    @Option(
            names = "--placement",
            defaultValue = "balanced",
            description = "balanced (by MACs), round-robin, or a device index per function such as 0,1,1"
                    + " (default: ${DEFAULT-VALUE})")
    String placement;

    /**
     * Checks the devices and groups before any work, and says on standard error when the groups
     * leave one device each (data parallelism only).
     *
     * @param countOption the option that sets how many functions or branches are placed
     * @param count their number
     */
    void check(String countOption, int count) {
        present(slots());
        rule(countOption, count);
        int perGroup = slots().size() / groupCount();
        if (perGroup == 1 && groupCount() > 1) {
            System.err.println("notice: --groups " + groups + " on " + slots().size() + " devices: one device per"
                    + " group, so this is data parallelism only (no model parallelism); every device holds the"
                    + " whole network and its optimizer state, so each needs the memory a single-device run"
                    + " needs");
        }
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
     * Returns {@code --devices} as given, for the header line.
     *
     * @return the devices
     */
    String devices() {
        return devices;
    }

    /**
     * Wraps a strategy.
     *
     * @param wrapped the inner strategy
     * @param countOption the option that sets how many functions or branches are placed
     * @param count their number
     * @return the model-parallel strategy
     */
    TrainingStrategy wrap(TrainingStrategy wrapped, String countOption, int count) {
        return ModelParallelBranches.builder()
                .devices(devices)
                .groups(groupCount())
                .rule(rule(countOption, count))
                .inner(wrapped)
                .build();
    }

    /** Refuses GPUs this machine does not have, before any work (libtorch would fail deep inside). */
    private void present(List<Slot> slots) {
        int gpus = -1;
        for (Slot s : slots) {
            if (s.device().isGpu()) {
                gpus = gpus >= 0 ? gpus : Engine.getEngine("PyTorch").getGpuCount();
                if (s.device().getDeviceId() >= gpus) {
                    throw new InvalidSettingException(
                            "--devices",
                            devices,
                            gpus == 0
                                    ? "cpu devices (no GPU found: DJL's PyTorch engine sees none on this machine)"
                                    : "cpu or gpu0 to gpu" + (gpus - 1) + " (" + gpus + " GPUs found)",
                            gpus == 0
                                    ? "use --devices cpu,cpu to try model parallelism on the CPU, or a machine with"
                                            + " GPUs and the CUDA natives (docs/gpu.md)"
                                    : "name only the GPUs this machine has");
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
                throw new InvalidSettingException(
                        "--groups",
                        groups,
                        "GROUPSxSIZE covering the " + deviceCount + " devices of --devices " + devices,
                        "list GROUPS x SIZE devices or change --groups");
            }
            if (parts.length > 2) {
                throw new NumberFormatException(groups);
            }
            return g;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(
                    "--groups", groups, "an integer such as 2, or GROUPSxSIZE such as 2x2", "write e.g. --groups 2x2");
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
                        throw new InvalidSettingException(
                                "--placement",
                                placement,
                                "balanced, round-robin, or one" + " device index in [0, " + n
                                        + ") (within a group) per function",
                                "write e.g. --placement 0,1");
                    }
                }
                if (slotOf.length != count) {
                    throw new InvalidSettingException(
                            "--placement",
                            placement,
                            "one device index per function (" + countOption + " " + count + ")",
                            "give " + count + " indices");
                }
                yield PlacementRule.explicit(slotOf);
            }
        };
    }
}
