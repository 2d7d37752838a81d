package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.multires.MultiResNets;
import picocli.CommandLine.Option;

/**
 * The Multi-ResNet that {@code train modelparallel plain} and {@code multilevel} place: blocks of
 * {@code --k} parallel residual functions, depth 6n+2, widened by {@code --widen}.
 */
public final class MultiResOptions {

    @Option(
            names = "--arch",
            defaultValue = "multires",
            description = "multires (the only network whose blocks"
                    + " have parallel residual functions) (default: ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--depth", defaultValue = "14", description = "Multi-ResNet depth 6n+2 (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--k", defaultValue = "2", description = "residual functions per block (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--widen", defaultValue = "2", description = "width multiplier (default: ${DEFAULT-VALUE})")
    int widen;

    /** Checks the options under their own names. */
    void check() {
        if (!arch.equals("multires")) {
            throw new InvalidSettingException(
                    "--arch",
                    arch,
                    "multires",
                    "use --arch multires (a network whose blocks" + " have parallel residual functions)");
        }
        Check.positive("--k", k);
        network(new Shape(1, 8, 8), 2);
    }

    /**
     * Builds the network.
     *
     * @param sample one sample's shape
     * @param classes the classes
     * @return the Multi-ResNet
     */
    ResNet network(Shape sample, int classes) {
        try {
            return MultiResNets.builder(depth, k, widen, false)
                    .inputChannels((int) sample.get(0))
                    .classes(classes)
                    .build();
        } catch (InvalidSettingException e) {
            throw e.as("--" + e.parameter());
        }
    }

    /** The network's name in the header line. */
    String describe() {
        return "Multi-ResNet-" + depth + " (k=" + k + ", widen " + widen + ")";
    }
}
