package io.resgrow.models.vgg;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import java.util.List;

/**
 * The validated, immutable settings of a {@link Vgg}; {@link VggBuilder#build()} makes them and a
 * {@link Vgg} can be rebuilt from them ({@code new Vgg(config)}). Every rule is checked here, in
 * one place.
 *
 * @param depth weight layers: 11, 13, 16 or 19 (configurations A, B, D, E of Simonyan and
 *     Zisserman, 2015, Table 1)
 * @param batchNorm whether a BatchNorm follows every convolution (before its ReLU)
 * @param widths the five groups' widths before scaling (the paper's 64, 128, 256, 512, 512)
 * @param widthScale the factor applied to every group width ({@link #groupWidths()})
 * @param fcWidths the hidden fully connected layers' widths (the paper's 4096, 4096); empty: the
 *     final linear layer follows the flattened conv features directly
 * @param dropout the dropout rate after every hidden fully connected layer, in [0, 1)
 * @param inputChannels the channels of the input images
 * @param classes the number of classes
 * @param padding zero pixels added on every side of the input, folded into the first
 *     convolution's padding (0: none; 2 gives 28x28 images VGG's 32x32 layout)
 */
public record VggConfig(
        int depth,
        boolean batchNorm,
        List<Integer> widths,
        double widthScale,
        List<Integer> fcWidths,
        double dropout,
        int inputChannels,
        int classes,
        int padding) {

    /** The number of groups (and of 2x2 max-pools) in every configuration. */
    public static final int GROUPS = 5;

    /**
     * The settings without input padding (as before {@code padding} existed).
     *
     * @param depth weight layers
     * @param batchNorm whether a BatchNorm follows every convolution
     * @param widths the five groups' widths before scaling
     * @param widthScale the factor applied to every group width
     * @param fcWidths the hidden fully connected layers' widths
     * @param dropout the dropout rate after every hidden fully connected layer
     * @param inputChannels the channels of the input images
     * @param classes the number of classes
     */
    public VggConfig(
            int depth,
            boolean batchNorm,
            List<Integer> widths,
            double widthScale,
            List<Integer> fcWidths,
            double dropout,
            int inputChannels,
            int classes) {
        this(depth, batchNorm, widths, widthScale, fcWidths, dropout, inputChannels, classes, 0);
    }

    /** Validates everything in one place. */
    public VggConfig {
        convsPerGroup(depth);
        widths = List.copyOf(Check.notNull("widths", widths));
        if (widths.size() != GROUPS || widths.stream().anyMatch(w -> w < 1)) {
            throw new InvalidSettingException(
                    "widths",
                    widths,
                    GROUPS + " integers >= 1, one per group (the paper's 64, 128, 256, 512, 512)",
                    "give five positive widths, or shrink the defaults with widthScale");
        }
        Check.positive("widthScale", widthScale);
        fcWidths = List.copyOf(Check.notNull("fcWidths", fcWidths));
        if (fcWidths.stream().anyMatch(w -> w < 1)) {
            throw new InvalidSettingException(
                    "fcWidths",
                    fcWidths,
                    "integers >= 1 (or no values: the final linear layer follows the conv features)",
                    "remove the widths below 1");
        }
        Check.inRange("dropout", dropout, 0, 1, true);
        Check.positive("inputChannels", inputChannels);
        Check.positive("classes", classes);
        Check.nonNegative("padding", padding);
    }

    /**
     * Returns the convolutions per group of a depth (Simonyan and Zisserman, Table 1).
     *
     * @param depth 11, 13, 16 or 19
     * @return five counts, e.g. {2, 2, 3, 3, 3} for VGG-16
     */
    public static int[] convsPerGroup(int depth) {
        return switch (depth) {
            case 11 -> new int[] {1, 1, 2, 2, 2};
            case 13 -> new int[] {2, 2, 2, 2, 2};
            case 16 -> new int[] {2, 2, 3, 3, 3};
            case 19 -> new int[] {2, 2, 4, 4, 4};
            default ->
                throw new InvalidSettingException(
                        "depth",
                        depth,
                        "one of 11, 13, 16, 19 (configurations A, B, D, E of Simonyan and Zisserman)",
                        "choose depth 11, 13, 16 or 19");
        };
    }

    /**
     * Returns the convolutions per group of this configuration.
     *
     * @return five counts
     */
    public int[] convsPerGroup() {
        return convsPerGroup(depth);
    }

    /**
     * Returns the group widths after scaling: {@code max(1, round(width x widthScale))}.
     *
     * @return five widths, e.g. {64, 128, 256, 512, 512}
     */
    public int[] groupWidths() {
        return widths.stream()
                .mapToInt(w -> Math.max(1, (int) Math.round(w * widthScale)))
                .toArray();
    }
}
