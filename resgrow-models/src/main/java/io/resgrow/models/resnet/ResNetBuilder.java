package io.resgrow.models.resnet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.resgrow.core.Check;
import io.resgrow.core.InvalidSettingException;
import io.resgrow.core.freeze.FreezableBlock;
import java.util.Arrays;

/**
 * Builds the pre-activation ResNet of Chang et al. (2018, Table 5): a 3x3 stem convolution
 * without bias, stages of {@link PreActBlock}s (the first block of every stage after the first
 * halves the resolution), a final BN-ReLU, global average pooling and a linear classifier. Widths
 * 16-32-64 with 2-2-2 blocks on 3x32x32 input and 10 classes give exactly 172,506 parameters.
 *
 * <p>The result is a {@code SequentialBlock} of [stem, stage 1, ..., stage K, head]; each stage is
 * a {@link FreezableBlock} around a {@code SequentialBlock} of blocks, so stages can be frozen.
 */
public final class ResNetBuilder {

    private int[] blocks = {2, 2, 2};
    private int[] widths = {16, 32, 64};
    private int inputChannels = 3;
    private int classes = 10;
    private double stepSize = 1.0;

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
     * Builds the network (not initialised).
     *
     * @return [stem, stages..., head]
     */
    public SequentialBlock build() {
        if (blocks.length == 0 || widths.length != blocks.length) {
            throw new InvalidSettingException("widths", Arrays.toString(widths),
                    "one width per stage (" + blocks.length + " stages)",
                    "give as many widths as blocks per stage");
        }
        for (int b : blocks) {
            if (b < 1) {
                throw new InvalidSettingException("blocks", Arrays.toString(blocks),
                        "every stage with at least 1 block", "remove empty stages");
            }
        }
        SequentialBlock net = new SequentialBlock();
        net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                .setFilters(widths[0]).optBias(false).build());
        int channels = widths[0];
        for (int s = 0; s < blocks.length; s++) {
            SequentialBlock stage = new SequentialBlock();
            for (int b = 0; b < blocks[s]; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                stage.add(new PreActBlock(channels, widths[s], stride, stepSize));
                channels = widths[s];
            }
            net.add(FreezableBlock.wrap(stage));
        }
        SequentialBlock head = new SequentialBlock()
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
        net.add(FreezableBlock.wrap(head));
        return net;
    }
}
