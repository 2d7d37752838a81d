package io.resgrow.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.SyntheticDataset;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The network and data of a step benchmark, in the terms of {@code shared/peers/pytorch_step.py}:
 * Chang et al.'s pre-activation ResNet with {@code blocks} per stage of {@code widths} channels,
 * on {@code input} ({@code C,H,W}, square) with {@code classes} classes, step size {@code h}.
 *
 * @param blocks blocks per stage
 * @param widths channels per stage
 * @param input channels, height and width of one sample
 * @param classes output classes
 * @param h the step size of every block
 */
public record StepNetwork(int[] blocks, int[] widths, int[] input, int classes, double h) {

    /**
     * Checks the settings.
     *
     * @throws InvalidSettingException naming {@code input} or {@code widths} when they do not fit
     */
    public StepNetwork {
        if (input.length != 3 || input[1] != input[2]) {
            throw new InvalidSettingException(
                    "input", Arrays.toString(input), "three values C,H,W with H = W", "write e.g. 1,28,28 or 3,32,32");
        }
        if (widths.length != blocks.length) {
            throw new InvalidSettingException(
                    "widths",
                    Arrays.toString(widths),
                    "one width per stage (" + blocks.length + " stages)",
                    "give as many widths as blocks");
        }
    }

    /**
     * Returns a new, uninitialised network.
     *
     * @return the network
     */
    public SequentialBlock build() {
        return new ResNetBuilder()
                .blocks(blocks)
                .widths(widths)
                .inputChannels(input[0])
                .classes(classes)
                .stepSize(h)
                .build();
    }

    /**
     * Returns the shape of one sample.
     *
     * @return {@code (C, H, W)}
     */
    public Shape sample() {
        return new Shape(input[0], input[1], input[2]);
    }

    /**
     * Returns synthetic data for {@code count} samples (seed 1).
     *
     * @param count the samples
     * @return the data
     */
    public ImageSet data(int count) {
        return SyntheticDataset.create(count, classes, input[0], input[1], 40, 1);
    }

    /**
     * Returns the peer script's flags for this network ({@code --blocks 3,3,3 --widths ...}).
     *
     * @return the flags, one element each
     */
    public String[] peerFlags() {
        return new String[] {
            "--blocks",
            join(blocks),
            "--widths",
            join(widths),
            "--input",
            join(input),
            "--classes",
            Integer.toString(classes)
        };
    }

    /**
     * Describes the network in the peer's words.
     *
     * @return e.g. {@code blocks=3,3,3 widths=16,32,64 input=1,28,28 classes=10}
     */
    public String describe() {
        return "blocks=" + join(blocks) + " widths=" + join(widths) + " input=" + join(input) + " classes=" + classes
                + (h == 1.0 ? "" : " h=" + h);
    }

    private static String join(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
