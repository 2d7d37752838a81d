package io.resgrow.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every DJL layer a user can compose is counted without a word of teaching: convolutions in one,
 * two and three dimensions and linear layers by their MACs (worked out by hand below), the others
 * (normalisation, pooling, activations, lambdas, dropout) as zero, containers through their
 * children; no block is reported unknown.
 */
class BuiltInLayersTest {

    private static MacCounter count(Block net, Shape input) {
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, input);
            return MacCounter.count(net, input);
        }
    }

    @Test
    void aOneDimensionalNetwork() {
        Block net = new SequentialBlock()
                .add(Conv1d.builder().setFilters(4).setKernelShape(new Shape(3)).build())
                .add(LayerNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool1dBlock(new Shape(2)))
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
        MacCounter c = count(net, new Shape(1, 3, 16));
        // conv: 4 filters x 3 channels x kernel 3 x 14 positions; linear: (4 x 7) x 5
        assertEquals(4 * 3 * 3 * 14 + 4 * 7 * 5, c.macs());
        assertTrue(c.complete(), "unknown: " + c.unknownBlocks());
    }

    @Test
    void aTwoAndAThreeDimensionalNetwork() {
        Block net2 = new SequentialBlock()
                .add(Conv2d.builder()
                        .setFilters(6)
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .build())
                .add(BatchNorm.builder().build())
                .add(Pool.avgPool2dBlock(new Shape(2, 2)))
                .add(Pool.globalAvgPool2dBlock());
        MacCounter c2 = count(net2, new Shape(1, 2, 8, 8));
        assertEquals(6 * 2 * 9 * 64, c2.macs());
        assertTrue(c2.complete());

        Block net3 = new SequentialBlock()
                .add(Conv3d.builder()
                        .setFilters(2)
                        .setKernelShape(new Shape(2, 2, 2))
                        .build())
                .add(new LambdaBlock(x -> new NDList(x.head().mul(2))));
        MacCounter c3 = count(net3, new Shape(1, 1, 4, 4, 4));
        assertEquals(2 * 1 * 8 * 27, c3.macs());
        assertTrue(c3.complete());
    }

    @Test
    void parallelBranchesAreEachCounted() {
        Block net = new ParallelBlock(
                list -> new NDList(NDArrays.add(list.get(0).head(), list.get(1).head())),
                List.of(
                        Linear.builder().setUnits(3).build(),
                        new SequentialBlock()
                                .add(Linear.builder().setUnits(4).build())
                                .add(Linear.builder().setUnits(3).build())));
        MacCounter c = count(net, new Shape(1, 5));
        assertEquals(5 * 3 + 5 * 4 + 4 * 3, c.macs());
        assertTrue(c.complete());
    }
}
