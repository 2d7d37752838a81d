package io.resgrow.models.vgg;

import io.resgrow.core.check.Check;
import io.resgrow.core.network.Architecture;
import io.resgrow.core.network.GrowingNetwork;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds VGG networks (Simonyan and Zisserman, "Very Deep Convolutional Networks for Large-Scale
 * Image Recognition", ICLR 2015, Section 2 and Table 1) for CIFAR-like inputs: VGG-11, 13, 16 or 19
 * (configurations A, B, D, E), optionally with BatchNorm after every convolution, with fully
 * connected widths, dropout and group widths of your choice. The defaults are VGG-16 without
 * BatchNorm, widths 64, 128, 256, 512, 512, fully connected layers 4096, 4096 with dropout 0.5,
 * 3 input channels, 10 classes and no input padding: on 3x32x32 input that is 33,638,218
 * parameters. Settings are checked when {@link #build()} makes the {@link VggConfig}.
 */
public final class VggBuilder {

    private int depth = 16;
    private boolean batchNorm;
    private int[] widths = {64, 128, 256, 512, 512};
    private double widthScale = 1.0;
    private int[] fcWidths = {4096, 4096};
    private double dropout = 0.5;
    private int inputChannels = 3;
    private int classes = 10;
    private int padding;

    /**
     * Sets the depth (weight layers).
     *
     * @param depth 11, 13, 16 or 19 (default 16)
     * @return this builder
     */
    public VggBuilder depth(int depth) {
        this.depth = depth;
        return this;
    }

    /**
     * Puts a BatchNorm between every convolution and its ReLU (VGG-BN; default off).
     *
     * @param batchNorm true for BatchNorm
     * @return this builder
     */
    public VggBuilder batchNorm(boolean batchNorm) {
        this.batchNorm = batchNorm;
        return this;
    }

    /**
     * Sets the five group widths before scaling.
     *
     * @param widths five integers >= 1 (default 64, 128, 256, 512, 512)
     * @return this builder
     */
    public VggBuilder widths(int... widths) {
        this.widths = Check.notNull("widths", widths).clone();
        return this;
    }

    /**
     * Scales every group width, to shrink the network for small machines: a group gets {@code
     * max(1, round(width x scale))} channels.
     *
     * @param scale a finite number > 0 (default 1; 0.25 gives 16, 32, 64, 128, 128)
     * @return this builder
     */
    public VggBuilder widthScale(double scale) {
        this.widthScale = scale;
        return this;
    }

    /**
     * Sets the widths of the hidden fully connected layers.
     *
     * @param widths integers >= 1 (default 4096, 4096); none: the final linear layer follows the
     *     flattened conv features directly
     * @return this builder
     */
    public VggBuilder fcWidths(int... widths) {
        this.fcWidths = Check.notNull("fcWidths", widths).clone();
        return this;
    }

    /**
     * Sets the dropout rate after every hidden fully connected layer (0 leaves dropout out).
     *
     * @param rate in [0, 1) (default 0.5)
     * @return this builder
     */
    public VggBuilder dropout(double rate) {
        this.dropout = rate;
        return this;
    }

    /**
     * Sets the input channels; the network refuses input with other channels.
     *
     * @param channels e.g. 1 for Fashion-MNIST, 3 for CIFAR (default 3)
     * @return this builder
     */
    public VggBuilder inputChannels(int channels) {
        this.inputChannels = channels;
        return this;
    }

    /**
     * Sets the number of classes.
     *
     * @param classes >= 1 (default 10)
     * @return this builder
     */
    public VggBuilder classes(int classes) {
        this.classes = classes;
        return this;
    }

    /**
     * Pads the input with zeros on every side, inside the network, so that images smaller than
     * VGG's 32x32 take its layout: the first convolution pads by {@code 1 + pixels} instead of 1,
     * which is the same as padding the images by {@code pixels} and convolving as usual. On 28x28
     * images (Fashion-MNIST, MNIST), 2 gives the features of a 32x32 input; the network then takes
     * the images as they are, so evaluation and saved networks need no padded copy of the data.
     *
     * @param pixels zeros per side, >= 0 (default 0)
     * @return this builder
     */
    public VggBuilder padding(int pixels) {
        this.padding = pixels;
        return this;
    }

    /**
     * Returns the validated settings.
     *
     * @return the settings
     * @throws io.resgrow.core.check.InvalidSettingException naming the first setting that cannot work
     */
    public VggConfig config() {
        return new VggConfig(
                depth, batchNorm, list(widths), widthScale, list(fcWidths), dropout, inputChannels, classes, padding);
    }

    /**
     * Builds the network (not initialised).
     *
     * @return the network
     * @throws io.resgrow.core.check.InvalidSettingException naming the first setting that cannot work
     */
    public Vgg build() {
        return new Vgg(config());
    }

    /**
     * Builds the network as a {@link GrowingNetwork} for strategies that add it group by group
     * (Istrate et al. grow VGG-16 this way): its five max-pooled groups, starting with the first,
     * and a new classifier of the same fully connected layout for each group's output. Inputs must
     * be at least 2^k pixels a side, less twice the {@link #padding}, once k groups are in (32 for
     * all five without padding): the network refuses one too small for the groups in at
     * initialisation and for the next group before it grows, and {@code LookAheadIncremental}
     * checks all five before training unless a {@code GrowthRule} may stop growth early.
     *
     * @return the network, not initialised
     */
    public GrowingNetwork buildGrowing() {
        return buildGrowing(1);
    }

    /**
     * Builds the network as {@link #buildGrowing()} does, with its first {@code start} groups
     * already in (a saved network that grew that far).
     *
     * @param start groups in, from 1 to all
     * @return the network, not initialised
     */
    public GrowingNetwork buildGrowing(int start) {
        Vgg vgg = build();
        return new GrowingNetwork(vgg.subNetworks(), () -> vgg.classifierFor(1, 1, 1), start)
                .describedBy(architecture())
                .checkingInputs((batch, groups) -> vgg.checkInput(groups, batch.slice(1)));
    }

    /**
     * Describes this builder's settings, from which {@link #from} makes the same builder.
     *
     * @return the description (family {@code vgg})
     */
    public Architecture architecture() {
        return describe(config());
    }

    /** The description of a VGG of these settings, which {@link #from} turns back into a builder. */
    static Architecture describe(VggConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("depth", c.depth());
        m.put("batchNorm", c.batchNorm());
        m.put("widths", c.widths());
        m.put("widthScale", c.widthScale());
        m.put("fcWidths", c.fcWidths());
        m.put("dropout", c.dropout());
        m.put("inputChannels", c.inputChannels());
        m.put("classes", c.classes());
        m.put("padding", c.padding());
        return new Architecture("vgg", 0, m);
    }

    /**
     * Makes the builder a description came from.
     *
     * @param a a description of family {@code vgg}
     * @return the builder
     */
    public static VggBuilder from(Architecture a) {
        return new VggBuilder()
                .depth(a.integer("depth"))
                .batchNorm((Boolean) a.get("batchNorm"))
                .widths(a.integers("widths"))
                .widthScale(a.number("widthScale"))
                .fcWidths(a.integers("fcWidths"))
                .dropout(a.number("dropout"))
                .inputChannels(a.integer("inputChannels"))
                .classes(a.integer("classes"))
                // saved before padding existed: none
                .padding(a.settings().containsKey("padding") ? a.integer("padding") : 0);
    }

    private static List<Integer> list(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
