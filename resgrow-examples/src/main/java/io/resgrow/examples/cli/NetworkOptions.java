package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.GrowingNetwork;
import io.resgrow.models.vgg.Vgg;
import io.resgrow.models.vgg.VggBuilder;
import io.resgrow.models.vgg.VggConfig;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The network of {@code plain} and {@code incremental}: a ResNet ({@code --blocks}, {@code
 * --widths}) or, under {@code --arch vgg}, a VGG ({@code --depth}, {@code --width-scale}, {@code
 * --batch-norm}, {@code --fc-widths}, {@code --pad}). Options of the other family are refused by
 * name.
 */
public final class NetworkOptions {

    @Option(
            names = "--arch",
            defaultValue = "resnet",
            description =
                    "resnet (--blocks, --widths) or vgg (--depth, --width-scale, --batch-norm, --fc-widths, --pad)"
                            + " (default: ${DEFAULT-VALUE})")
    String arch;

    @Mixin
    ResNetOptions resnet;

    @Option(names = "--depth", description = "vgg: 11, 13, 16 or 19 (default 16)")
    Integer depth;

    @Option(
            names = "--width-scale",
            description = "vgg: scale every group's width, e.g. 0.25 on a small machine (default 1; the hidden"
                    + " fully connected layers are --fc-widths)")
    Double widthScale;

    @Option(names = "--batch-norm", description = "vgg: a BatchNorm after every convolution (VGG-BN)")
    boolean batchNorm;

    @Option(
            names = "--fc-widths",
            description = "vgg: the hidden fully connected widths, comma-separated, or none (default: 4096,4096)")
    String fcWidths;

    @Option(
            names = "--pad",
            description = "vgg: zero pixels around every image, a side, inside the network; 2 gives 28x28 images"
                    + " VGG's 32x32 layout (default 0)")
    Integer pad;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Whether the network is a VGG. */
    boolean vgg() {
        return arch.equals("vgg");
    }

    /** Checks the options under their own names, before any data is read. */
    void check() {
        if (!vgg() && !arch.equals("resnet")) {
            throw new InvalidSettingException("--arch", arch, "resnet or vgg", "use --arch resnet or --arch vgg");
        }
        if (vgg() && resnet.given()) {
            String given = resnet.blocks != null ? typed("--blocks", "--start-blocks") : "--widths";
            throw new InvalidSettingException(
                    given,
                    resnet.blocks != null ? resnet.blocks : resnet.widths,
                    "no " + given
                            + " with --arch vgg (a VGG is set by --depth, --width-scale, --batch-norm, --fc-widths"
                            + " and --pad)",
                    "drop " + given + ", or use --arch resnet");
        }
        String vggGiven = depth != null
                ? "--depth"
                : widthScale != null
                        ? "--width-scale"
                        : pad != null ? "--pad" : fcWidths != null ? "--fc-widths" : batchNorm ? "--batch-norm" : null;
        if (!vgg() && vggGiven != null) {
            String given = vggGiven;
            throw new InvalidSettingException(
                    given,
                    command.commandLine().getParseResult().matchedOptionValue(given, true),
                    "no " + given + " with --arch resnet (a ResNet is set by --blocks and --widths)",
                    "drop " + given + ", or use --arch vgg");
        }
        if (!vgg()) {
            resnet.check();
        }
        if (depth != null) {
            try {
                VggConfig.convsPerGroup(depth);
            } catch (InvalidSettingException e) {
                throw e.as("--depth");
            }
        }
        if (widthScale != null) {
            Check.positive("--width-scale", widthScale);
        }
        if (pad != null) {
            Check.nonNegative("--pad", pad);
        }
        fcWidths();
    }

    /** The spelling of an option with two names that the command line used. */
    private String typed(String name, String alias) {
        return command.commandLine().getParseResult().originalArgs().stream()
                        .anyMatch(a -> a.equals(alias) || a.startsWith(alias + "="))
                ? alias
                : name;
    }

    private int[] fcWidths() {
        if (fcWidths == null) {
            return new int[] {4096, 4096};
        }
        return "none".equals(fcWidths) ? new int[0] : OptionValues.positiveInts("--fc-widths", fcWidths);
    }

    private VggBuilder vggBuilder(Shape sample, int classes) {
        return new VggBuilder()
                .depth(depth != null ? depth : 16)
                .batchNorm(batchNorm)
                .fcWidths(fcWidths())
                .widthScale(widthScale != null ? widthScale : 1)
                .padding(pad != null ? pad : 0)
                .inputChannels((int) sample.get(0))
                .classes(classes);
    }

    /**
     * Builds the network, whole.
     *
     * @param sample one sample's shape
     * @param classes the classes
     * @param data the {@code --data} value, for a refusal
     * @return the network, not initialised
     */
    Block build(Shape sample, int classes, String data) {
        if (!vgg()) {
            return resnet.builder(sample, classes).build();
        }
        Vgg vgg = vggBuilder(sample, classes).build();
        checked(s -> vgg.checkInput(VggConfig.GROUPS, s), sample, data);
        return vgg;
    }

    /**
     * Builds the network to grow one sub-network at a time.
     *
     * @param sample one sample's shape
     * @param classes the classes
     * @param data the {@code --data} value, for a refusal
     * @return the network, not initialised
     */
    GrowingNetwork buildGrowing(Shape sample, int classes, String data) {
        if (!vgg()) {
            return resnet.builder(sample, classes).buildGrowing(sample);
        }
        GrowingNetwork net = vggBuilder(sample, classes).buildGrowing();
        checked(s -> net.checkInput(new Shape(1).addAll(s), net.subNetworks().size()), sample, data);
        return net;
    }

    /**
     * Runs the VGG's own input check for all its groups (the command line has no GrowthRule that could
     * be sure to stop growth before the input is too small) and words a refusal in the command line's
     * terms.
     */
    private void checked(Consumer<Shape> check, Shape sample, String data) {
        try {
            check.accept(sample);
        } catch (InvalidSettingException e) {
            int given = pad != null ? pad : 0;
            long needed = Vgg.paddingFor(VggConfig.GROUPS, Math.min(sample.get(1), sample.get(2)));
            long min = Vgg.MIN_INPUT_SIZE - 2L * given;
            throw new InvalidSettingException(
                    "--data",
                    data + " (images of " + sample.get(1) + "x" + sample.get(2) + ")",
                    "images of at least " + min + "x" + min + " for --arch vgg with --pad " + given
                            + " (its five 2x2 max-pools halve them five times)",
                    "use --pad " + needed + " (zeros around the images, inside the network), or --arch resnet"
                            + " (sample, synthetic and fashion-mnist are all 28x28); on a small machine a VGG"
                            + " that trains: --width-scale 0.25 --batch-norm --fc-widths none at rate 0.02"
                            + " (docs/cli.md)");
        }
    }

    /** The network's name in the header line. */
    String describe() {
        if (!vgg()) {
            return resnet.describe();
        }
        String scale = widthScale != null && widthScale != 1 ? " width x" + widthScale : "";
        String padding = pad != null && pad > 0 ? " padded by " + pad : "";
        String fc = fcWidths != null ? " FC " + fcWidths : "";
        return "VGG-" + (depth != null ? depth : 16) + (batchNorm ? "-BN" : "") + scale + fc + padding;
    }
}
