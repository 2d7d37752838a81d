package io.resgrow.models.resnet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.Architecture;
import io.resgrow.core.network.GrowingNetwork;
import io.resgrow.core.network.Partition;
import io.resgrow.models.block.FastBatchNorm;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.ResidualBlock;
import io.resgrow.models.block.ResidualFunction;
import io.resgrow.models.block.Shortcut;
import io.resgrow.models.block.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds pre-activation residual networks: a 3x3 stem convolution without bias, stages of
 * {@link ResidualBlock}s (the first block of every stage after the first halves the resolution),
 * a final BN-ReLU, global average pooling and a linear classifier. With the defaults it is the
 * ResNet of Chang et al. (2018, Table 5): widths 16-32-64 with 2-2-2 blocks on 3x32x32 input and
 * 10 classes give exactly 172,506 parameters. Options give Wide ResNets (projection shortcuts,
 * dropout, a stem narrower than the first stage) and multi-residual networks (k functions per
 * block).
 */
public final class ResNetBuilder {

    private int[] blocks = {2, 2, 2};
    private int[] widths = {16, 32, 64};
    private int stemWidth;
    private int inputChannels = 3;
    private int classes = 10;
    private double stepSize = 1.0;
    private Shortcut shortcut = Shortcut.ZERO_PAD;
    private double dropout;
    private int functions = 1;
    private boolean bottleneck;

    /**
     * Sets blocks per stage.
     *
     * @param blocks e.g. 2, 2, 2
     * @return this builder
     */
    public ResNetBuilder blocks(int... blocks) {
        this.blocks = blocks.clone();
        return this;
    }

    /**
     * Sets widths per stage.
     *
     * @param widths e.g. 16, 32, 64
     * @return this builder
     */
    public ResNetBuilder widths(int... widths) {
        this.widths = widths.clone();
        return this;
    }

    private ResNetBuilder stemWidthOrDefault(int width) {
        this.stemWidth = Check.nonNegative("stemWidth", width);
        return this;
    }

    /**
     * Sets the stem's width (default: the first stage's width).
     *
     * @param width channels out of the stem
     * @return this builder
     */
    public ResNetBuilder stemWidth(int width) {
        this.stemWidth = Check.positive("stemWidth", width);
        return this;
    }

    /**
     * Sets the input channels.
     *
     * @param channels e.g. 1 for Fashion-MNIST, 3 for CIFAR
     * @return this builder
     */
    public ResNetBuilder inputChannels(int channels) {
        this.inputChannels = Check.positive("inputChannels", channels);
        return this;
    }

    /**
     * Sets the number of classes.
     *
     * @param classes >= 1
     * @return this builder
     */
    public ResNetBuilder classes(int classes) {
        this.classes = Check.positive("classes", classes);
        return this;
    }

    /**
     * Sets the step size h of every block.
     *
     * @param h > 0
     * @return this builder
     */
    public ResNetBuilder stepSize(double h) {
        this.stepSize = Check.positive("stepSize", h);
        return this;
    }

    /**
     * Sets the shortcut kind (default zero-padding).
     *
     * @param shortcut the kind
     * @return this builder
     */
    public ResNetBuilder shortcut(Shortcut shortcut) {
        this.shortcut = Check.notNull("shortcut", shortcut);
        return this;
    }

    /**
     * Sets dropout between the convolutions of every residual function (WRN).
     *
     * @param rate in [0, 1)
     * @return this builder
     */
    public ResNetBuilder dropout(double rate) {
        this.dropout = Check.inRange("dropout", rate, 0, 1, true);
        return this;
    }

    /**
     * Sets the number of residual functions per block (multi-residual networks).
     *
     * @param k >= 1
     * @return this builder
     */
    public ResNetBuilder functionsPerBlock(int k) {
        this.functions = Check.positive("functionsPerBlock", k);
        return this;
    }

    /**
     * Uses bottleneck residual functions (1x1, 3x3, 1x1, inner width a quarter of the output).
     *
     * @param bottleneck true for bottlenecks
     * @return this builder
     */
    public ResNetBuilder bottleneck(boolean bottleneck) {
        this.bottleneck = bottleneck;
        return this;
    }

    /**
     * Builds the network as a {@link GrowingNetwork} for strategies that add it sub-network by
     * sub-network (Istrate et al.): the stem and the stages grouped by width (stem + stage 1, stage
     * 2, stage 3 for the usual widths), starting with the first group, and a new head (BN-ReLU,
     * pooling, linear) for each width.
     *
     * @param sample the shape of one input sample, e.g. (1, 28, 28)
     * @return the network, not initialised
     */
    public GrowingNetwork buildGrowing(Shape sample) {
        return buildGrowing(sample, 1);
    }

    /**
     * Builds the network as {@link #buildGrowing(Shape)} does, with its first {@code start}
     * sub-networks already in (a saved network that grew that far).
     *
     * @param sample the shape of one input sample
     * @param start sub-networks in, from 1 to all
     * @return the network, not initialised
     */
    public GrowingNetwork buildGrowing(Shape sample, int start) {
        ResNet full = build();
        List<Block> layers = new ArrayList<>();
        layers.add(full.stem());
        layers.addAll(full.stages());
        int k = classes;
        return new GrowingNetwork(Partition.byWidth(layers, new Shape(1).addAll(sample)), () -> head(k), start)
                .describedBy(architecture());
    }

    /**
     * Describes this builder's settings, from which {@link #from} makes the same builder.
     *
     * @return the description (family {@code resnet})
     */
    public Architecture architecture() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blocks", Arrays.stream(blocks).boxed().toList());
        m.put("widths", Arrays.stream(widths).boxed().toList());
        m.put("stemWidth", stemWidth);
        m.put("inputChannels", inputChannels);
        m.put("classes", classes);
        m.put("stepSize", stepSize);
        m.put("shortcut", shortcut.name());
        m.put("dropout", dropout);
        m.put("functionsPerBlock", functions);
        m.put("bottleneck", bottleneck);
        return new Architecture("resnet", 0, m);
    }

    /**
     * Makes the builder a description came from.
     *
     * @param a a description of family {@code resnet}
     * @return the builder
     */
    public static ResNetBuilder from(Architecture a) {
        return new ResNetBuilder()
                .blocks(a.integers("blocks"))
                .widths(a.integers("widths"))
                .stemWidthOrDefault(a.integer("stemWidth"))
                .inputChannels(a.integer("inputChannels"))
                .classes(a.integer("classes"))
                .stepSize(a.number("stepSize"))
                .shortcut(Shortcut.valueOf((String) a.get("shortcut")))
                .dropout(a.number("dropout"))
                .functionsPerBlock(a.integer("functionsPerBlock"))
                .bottleneck((Boolean) a.get("bottleneck"));
    }

    /**
     * Builds the network (not initialised).
     *
     * @return the network
     */
    public ResNet build() {
        if (blocks.length == 0 || widths.length != blocks.length) {
            throw new InvalidSettingException(
                    "widths",
                    Arrays.toString(widths),
                    "one width per stage (" + blocks.length + " stages)",
                    "give as many widths as blocks per stage");
        }
        for (int b : blocks) {
            if (b < 1) {
                throw new InvalidSettingException(
                        "blocks", Arrays.toString(blocks), "every stage with at least 1 block", "remove empty stages");
            }
        }
        for (int w : widths) {
            Check.positive("widths", w);
        }
        int stem = stemWidth > 0 ? stemWidth : widths[0];
        Block stemConv = Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(stem)
                .optBias(false)
                .build();
        int channels = stem;
        List<Stage> stages = new ArrayList<>();
        for (int s = 0; s < blocks.length; s++) {
            List<ResidualBlock> stage = new ArrayList<>();
            for (int b = 0; b < blocks[s]; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                stage.add(new ResidualBlock(
                        channels, widths[s], stride, stepSize, shortcut, functions(widths[s], stride)));
                channels = widths[s];
            }
            stages.add(new Stage(stage));
        }
        return new ResNet(stemConv, stages, head(classes)).describedBy(architecture());
    }

    private List<ResidualFunction> functions(int width, int stride) {
        List<ResidualFunction> fs = new ArrayList<>();
        for (int i = 0; i < functions; i++) {
            fs.add(
                    bottleneck
                            ? ResidualFunction.bottleneck(Math.max(1, width / 4), width, stride)
                            : ResidualFunction.basic(width, stride, dropout));
        }
        return fs;
    }

    /**
     * The classifier head: BN, ReLU, global average pooling, flatten, linear.
     *
     * @param classes the number of classes
     * @return the head
     */
    public static SequentialBlock head(int classes) {
        return new SequentialBlock()
                .add(new FastBatchNorm())
                .add(Activation::relu)
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }
}
