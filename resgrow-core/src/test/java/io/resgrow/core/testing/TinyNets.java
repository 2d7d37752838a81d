package io.resgrow.core.testing;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.resgrow.core.freeze.FreezableBlock;
import java.util.ArrayList;
import java.util.List;

/** Small networks for engine tests. */
public final class TinyNets {

    private TinyNets() {}

    /**
     * A conv-BN-ReLU feature part (wrapped so it can be frozen) and a linear head.
     *
     * @param classes output classes
     * @return a sequential block: [features, head]
     */
    public static SequentialBlock convNet(int classes) {
        SequentialBlock features = new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .setFilters(8)
                        .optBias(false)
                        .build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Pool.globalAvgPool2dBlock());
        return new SequentialBlock()
                .add(FreezableBlock.wrap(features))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    /**
     * {@link #convNet} with dropout before the head, so that training draws random numbers.
     *
     * @param classes output classes
     * @param rate the dropout rate
     * @return a sequential block: [features, flatten, dropout, head]
     */
    public static SequentialBlock convNetWithDropout(int classes, float rate) {
        SequentialBlock net = convNet(classes);
        List<Block> parts = new ArrayList<>(net.getChildren().values());
        SequentialBlock withDropout = new SequentialBlock();
        withDropout
                .add(parts.get(0))
                .add(parts.get(1))
                .add(Dropout.builder().optRate(rate).build())
                .add(parts.get(2));
        return withDropout;
    }

    /**
     * A two-layer perceptron over flattened input.
     *
     * @param hidden hidden units
     * @param classes output classes
     * @return the block
     */
    public static SequentialBlock mlp(int hidden, int classes) {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(classes).build());
    }
}
