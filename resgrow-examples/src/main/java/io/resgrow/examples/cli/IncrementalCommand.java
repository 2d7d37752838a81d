package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.GrowingNetwork;
import io.resgrow.models.vgg.Vgg;
import io.resgrow.models.vgg.VggBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train incremental}: Istrate et al.'s look-ahead incremental training of a ResNet or a VGG. */
@Command(
        name = "incremental",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = "Grow a ResNet (--blocks, --widths) or a VGG (--depth) one sub-network at a time (Istrate et"
                + " al.).")
public final class IncrementalCommand extends RunCommand {

    @Option(
            names = "--arch",
            defaultValue = "resnet",
            description = "resnet (--blocks, --widths) or vgg (--depth, --width-scale) (default: ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--depth", description = "vgg: 11, 13, 16 or 19 (default 16)")
    Integer depth;

    @Option(names = "--width-scale", description = "vgg: scale every width, e.g. 0.25 on a small machine (default 1)")
    Double widthScale;

    @Mixin
    IncrementalOptions incremental;

    @Mixin
    ResNetOptions resnet;

    @Override
    String strategyName() {
        return "incremental";
    }

    private boolean vgg() {
        return arch.equals("vgg");
    }

    @Override
    void check() {
        resnet.check();
        if (!vgg() && !arch.equals("resnet")) {
            throw new InvalidSettingException("--arch", arch, "resnet or vgg", "use --arch resnet or --arch vgg");
        }
        incremental.check();
        if (vgg() && resnet.given()) {
            String given = resnet.blocks != null ? typed("--blocks", "--start-blocks") : "--widths";
            throw new InvalidSettingException(
                    given,
                    resnet.blocks != null ? resnet.blocks : resnet.widths,
                    "no " + given + " with --arch vgg (a VGG is set by --depth and --width-scale)",
                    "drop " + given + ", or use --arch resnet");
        }
        if (!vgg() && (depth != null || widthScale != null)) {
            String given = depth != null ? "--depth" : "--width-scale";
            throw new InvalidSettingException(
                    given,
                    depth != null ? (Object) depth : widthScale,
                    "no " + given + " with --arch resnet (a ResNet is set by --blocks and --widths)",
                    "drop " + given + ", or use --arch vgg");
        }
        if (widthScale != null) {
            Check.positive("--width-scale", widthScale);
        }
    }

    /** The spelling of an option with two names that the command line used. */
    private String typed(String name, String alias) {
        return spec.commandLine().getParseResult().originalArgs().stream()
                        .anyMatch(a -> a.equals(alias) || a.startsWith(alias + "="))
                ? alias
                : name;
    }

    @Override
    Block network(Shape sample, int classes) {
        if (vgg()) {
            GrowingNetwork net = new VggBuilder()
                    .depth(depth != null ? depth : 16)
                    .widthScale(widthScale != null ? widthScale : 1)
                    .inputChannels((int) sample.get(0))
                    .classes(classes)
                    .buildGrowing();
            try {
                // the network's own check, for all its groups: the command line has no GrowthRule that
                // could be sure to stop growth before the input is too small
                net.checkInput(new Shape(1).addAll(sample), net.subNetworks().size());
            } catch (InvalidSettingException e) {
                int min = Vgg.MIN_INPUT_SIZE;
                throw new InvalidSettingException(
                        "--data",
                        run.data + " (images of " + sample.get(1) + "x" + sample.get(2) + ")",
                        "images of at least " + min + "x" + min + " for --arch vgg (its five 2x2 max-pools halve"
                                + " them five times)",
                        "use --arch resnet for these images (sample, synthetic and fashion-mnist are all 28x28),"
                                + " or --data with a directory of IDX files of images at least " + min + "x" + min);
            }
            return net;
        }
        return resnet.builder(sample, classes).buildGrowing(sample);
    }

    @Override
    TrainingStrategy strategy() {
        // the paper's batch sizes: 32 for VGG, 128 otherwise
        return incremental.strategy(run.batchSize != null ? run.batchSize : vgg() ? 32 : 128);
    }

    @Override
    String networkName() {
        return vgg() ? "VGG-" + (depth != null ? depth : 16) : resnet.describe();
    }

    @Override
    boolean grows() {
        return true;
    }
}
