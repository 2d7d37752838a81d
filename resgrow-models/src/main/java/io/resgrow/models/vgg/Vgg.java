package io.resgrow.models.vgg;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.freeze.FreezableBlock;
import io.resgrow.core.network.Architecture;
import io.resgrow.core.network.Partitioned;
import io.resgrow.core.network.Rebuildable;
import io.resgrow.models.block.FastBatchNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * A VGG network (Simonyan and Zisserman, 2015, Section 2.1 and Table 1) laid out as {@code [group
 * 1, ..., group 5, classifier]}. A group is a run of 3x3 convolutions (padding 1, with bias) of
 * one width, each followed by ReLU (by BatchNorm and ReLU in VGG-BN), ending with a 2x2 max-pool
 * of stride 2; the classifier is flatten, the hidden fully connected layers (each with ReLU and
 * dropout) and a final linear layer. The network is {@link Partitioned} by the paper's rule, as
 * Istrate et al. group layers of the same width: the sub-networks are the five groups, each with
 * its max-pool, every one (and the classifier) wrapped in a {@link FreezableBlock}.
 *
 * <p>Weights start from DJL's default initializer, He (Kaiming) normal: {@code N(0, 2 / fan_in)}
 * (a Gaussian {@code XavierInitializer} over fan-in with magnitude 2), as for the ResNets of this
 * library; biases start at zero.
 *
 * <p>Input is {@code (N, inputChannels, H, W)} with {@code H, W >= 32}, so that five 2x2 max-pools
 * leave at least one pixel; on 32x32 the conv features are {@code 512x1x1}. With {@link
 * VggConfig#padding()} p the first convolution pads by {@code 1 + p}, as if the input had p zeros
 * around it: {@code H, W >= 32 - 2p} (28x28 with p = 2).
 */
public final class Vgg extends SequentialBlock implements Partitioned, Rebuildable {

    /** The smallest input height and width without padding: five 2x2 max-pools halve them five times. */
    public static final int MIN_INPUT_SIZE = 1 << VggConfig.GROUPS;

    private final VggConfig config;
    private final List<Block> groups;
    private final FreezableBlock classifier;

    /**
     * Builds the network from its settings (not initialised).
     *
     * @param config the settings, from {@link VggBuilder#config()}
     */
    public Vgg(VggConfig config) {
        this.config = Check.notNull("config", config);
        int[] convs = config.convsPerGroup();
        int[] widths = config.groupWidths();
        List<Block> parts = new ArrayList<>();
        for (int g = 0; g < VggConfig.GROUPS; g++) {
            // the input padding folds into the first convolution's own
            int pad = 1 + (g == 0 ? config.padding() : 0);
            FreezableBlock part = FreezableBlock.wrap(group(convs[g], widths[g], pad));
            parts.add(part);
            add(part);
        }
        groups = List.copyOf(parts);
        classifier = newClassifier();
        add(classifier);
    }

    private SequentialBlock group(int convs, int width, int firstPadding) {
        SequentialBlock group = new SequentialBlock();
        for (int i = 0; i < convs; i++) {
            int pad = i == 0 ? firstPadding : 1;
            group.add(Conv2d.builder()
                    .setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(pad, pad))
                    .setFilters(width)
                    .build());
            if (config.batchNorm()) {
                group.add(new FastBatchNorm());
            }
            group.add(Activation::relu);
        }
        return group.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }

    private FreezableBlock newClassifier() {
        SequentialBlock head = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int units : config.fcWidths()) {
            head.add(Linear.builder().setUnits(units).build()).add(Activation::relu);
            if (config.dropout() > 0) {
                head.add(Dropout.builder().optRate((float) config.dropout()).build());
            }
        }
        head.add(Linear.builder().setUnits(config.classes()).build());
        return FreezableBlock.wrap(head);
    }

    /**
     * Returns the settings this network was built from.
     *
     * @return the settings
     */
    public VggConfig config() {
        return config;
    }

    /**
     * Describes the network by its settings, so that it can be saved and built again ({@code
     * Architectures.build}).
     *
     * @return the description (family {@code vgg}, nothing grown)
     */
    @Override
    public Architecture architecture() {
        return VggBuilder.describe(config);
    }

    /**
     * Returns the convolutions per group.
     *
     * @return e.g. {2, 2, 3, 3, 3} for VGG-16
     */
    public int[] convsPerGroup() {
        return config.convsPerGroup();
    }

    /**
     * Returns the output channels of every group.
     *
     * @return e.g. {64, 128, 256, 512, 512}
     */
    public int[] groupWidths() {
        return config.groupWidths();
    }

    /**
     * Returns the five groups, each ending with its max-pool and wrapped in a {@link
     * FreezableBlock}.
     *
     * @return S1..S5
     */
    @Override
    public List<Block> subNetworks() {
        return groups;
    }

    /**
     * Returns the classifier: flatten, hidden fully connected layers, final linear layer.
     *
     * @return the classifier, freezable
     */
    @Override
    public FreezableBlock classifier() {
        return classifier;
    }

    /**
     * Creates a new, uninitialised classifier with this network's fully connected layout
     * (widths, dropout, classes) for features of the given shape, e.g. to put after the first
     * {@code k} groups while the network grows; its first linear layer takes {@code channels x
     * height x width} features. Initialise it with input shape {@code (N, channels, height,
     * width)} on the manager that owns the network's parameters.
     *
     * @param channels feature channels, e.g. {@code groupWidths()[k - 1]}
     * @param height feature height
     * @param width feature width
     * @return the classifier, freezable
     * @see #featureShape(int, Shape)
     */
    public FreezableBlock classifierFor(long channels, long height, long width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new InvalidSettingException(
                    "featureShape",
                    channels + "x" + height + "x" + width,
                    "channels, height and width >= 1",
                    "pass the shape from featureShape(k, sample)");
        }
        return newClassifier();
    }

    /**
     * Returns the shape of the features after the first {@code k} groups, for one sample.
     *
     * @param k groups, 0 to 5 (0 gives the sample's shape)
     * @param sample the input shape of one sample, e.g. (3, 32, 32)
     * @return e.g. (128, 8, 8) after 2 groups of VGG-16 on (3, 32, 32)
     */
    public Shape featureShape(int k, Shape sample) {
        if (k < 0 || k > VggConfig.GROUPS) {
            throw new InvalidSettingException("k", k, "0 to " + VggConfig.GROUPS, "count groups from 0 to 5");
        }
        checkSample(sample);
        long pad = 2L * config.padding();
        return k == 0
                ? sample
                : new Shape(groupWidths()[k - 1], (sample.get(1) + pad) >> k, (sample.get(2) + pad) >> k);
    }

    private void checkSample(Shape sample) {
        checkInput(VggConfig.GROUPS, sample);
    }

    /**
     * Checks that the first {@code groups} groups take an input: its channels, and a height and width
     * of at least {@code 2^groups} once padded (each group's 2x2 max-pool halves them; 32 for all
     * five, so 28 with padding 2).
     *
     * @param groups groups, 1 to 5
     * @param sample the input shape of one sample, e.g. (1, 28, 28)
     * @throws InvalidSettingException if the input is too small or has other channels
     */
    public void checkInput(int groups, Shape sample) {
        int pad = 2 * config.padding();
        int min = (1 << groups) - pad;
        String text =
                sample.dimension() == 3 ? sample.get(0) + "x" + sample.get(1) + "x" + sample.get(2) : sample.toString();
        if (sample.dimension() != 3 || sample.get(1) < min || sample.get(2) < min) {
            String padded = pad == 0 ? "" : ", with padding " + config.padding() + " a side";
            String fix = sample.dimension() != 3
                    ? "feed channels x height x width images"
                    : "build with padding(" + paddingFor(groups, Math.min(sample.get(1), sample.get(2)))
                            + ") (zeros around the input, inside the network), pad or resize the images, or stop"
                            + " growing earlier with a GrowthRule";
            throw new InvalidSettingException(
                    "inputShape",
                    text,
                    "channels x height x width with height and width >= " + min + padded + " ("
                            + (groups == VggConfig.GROUPS
                                    ? "five 2x2 max-pools halve them five times)"
                                    : "the first " + groups + " groups' 2x2 max-pools halve them " + groups
                                            + " times)"),
                    fix);
        }
        if (sample.get(0) != config.inputChannels()) {
            throw new InvalidSettingException(
                    "inputChannels",
                    config.inputChannels(),
                    "the channels of the input, " + sample.get(0) + " (input " + text + ")",
                    "build with inputChannels(" + sample.get(0) + ") or feed " + config.inputChannels()
                            + "-channel images");
        }
    }

    /**
     * Returns the least padding a side that lets the first {@code groups} groups take images of
     * {@code side} pixels (see {@link VggBuilder#padding}).
     *
     * @param groups groups, 1 to 5
     * @param side the images' smaller side
     * @return e.g. 2 for all five groups on 28x28, 0 on 32x32
     */
    public static long paddingFor(int groups, long side) {
        return Math.max(0, ((1L << groups) - side + 1) / 2);
    }

    private static Shape sampleOf(Shape[] inputShapes) {
        return inputShapes[0].dimension() < 2 ? inputShapes[0] : inputShapes[0].slice(1);
    }

    /**
     * Checks the input shape (see {@link #featureShape}), then initialises the groups and the
     * classifier.
     *
     * @param manager the manager for the parameters
     * @param dataType the data type
     * @param inputShapes {@code (N, inputChannels, H, W)} with {@code H, W >= 32 - 2 x padding}
     * @throws InvalidSettingException if the input is too small or has other channels
     */
    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkSample(sampleOf(inputShapes));
        super.initializeChildBlocks(manager, dataType, inputShapes);
    }

    /**
     * Checks the input shape (see {@link #featureShape}), then returns {@code (N, classes)}.
     *
     * @param inputShapes {@code (N, inputChannels, H, W)} with {@code H, W >= 32 - 2 x padding}
     * @return the output shape
     * @throws InvalidSettingException if the input is too small or has other channels
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkSample(sampleOf(inputShapes));
        return super.getOutputShapes(inputShapes);
    }
}
