package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.models.resnet.ResNetBuilder;
import picocli.CommandLine.Option;

/** The ResNet of {@code plain}, {@code multilevel} and {@code incremental}: blocks and widths per stage. */
public final class ResNetOptions {

    @Option(
            names = {"--blocks", "--start-blocks"},
            description = "blocks per stage (multilevel: at the start) (default: 2,2,2)")
    String blocks;

    @Option(names = "--widths", description = "widths per stage (default: 16,32,64)")
    String widths;

    private static final String DEFAULT_BLOCKS = "2,2,2";

    private static final String DEFAULT_WIDTHS = "16,32,64";

    /** Returns {@code --blocks}, or its default. */
    String blocks() {
        return blocks != null ? blocks : DEFAULT_BLOCKS;
    }

    /** Returns {@code --widths}, or its default. */
    String widths() {
        return widths != null ? widths : DEFAULT_WIDTHS;
    }

    /** Whether {@code --blocks} or {@code --widths} was given. */
    boolean given() {
        return blocks != null || widths != null;
    }

    /** Checks the options under their own names. */
    void check() {
        int stages = OptionValues.positiveInts("--blocks", blocks()).length;
        if (OptionValues.positiveInts("--widths", widths()).length != stages) {
            throw new InvalidSettingException(
                    "--widths",
                    widths(),
                    "one width per stage of --blocks " + blocks() + " (" + stages + ")",
                    "give " + stages + " comma-separated widths");
        }
    }

    /**
     * Returns the builder of the ResNet the options describe.
     *
     * @param sample one sample's shape
     * @param classes the classes
     * @return the builder
     */
    ResNetBuilder builder(Shape sample, int classes) {
        return builder(blocks(), widths(), sample, classes);
    }

    /**
     * Returns the builder of a ResNet of these blocks and widths per stage (null: the defaults).
     *
     * @param blocks {@code --blocks}, or null
     * @param widths {@code --widths}, or null
     * @param sample one sample's shape
     * @param classes the classes
     * @return the builder
     */
    static ResNetBuilder builder(String blocks, String widths, Shape sample, int classes) {
        return new ResNetBuilder()
                .blocks(OptionValues.ints("--blocks", blocks != null ? blocks : DEFAULT_BLOCKS))
                .widths(OptionValues.ints("--widths", widths != null ? widths : DEFAULT_WIDTHS))
                .inputChannels((int) sample.get(0))
                .classes(classes);
    }

    /** The network's name in the header line. */
    String describe() {
        return "ResNet blocks " + blocks() + " widths " + widths();
    }
}
