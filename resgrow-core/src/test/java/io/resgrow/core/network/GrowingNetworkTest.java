package io.resgrow.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrowingNetworkTest {

    static Block conv(int filters) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .build();
    }

    static Block head() {
        return new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
    }

    @Test
    void growsAUsersOwnLayersAndTheClassifierFitsEveryWidth() {
        List<Block> layers = List.of(
                conv(4),
                conv(4),
                Pool.maxPool2dBlock(new Shape(2, 2)),
                conv(8),
                Dropout.builder().build(),
                conv(16));
        Shape in = new Shape(2, 1, 8, 8);
        GrowingNetwork net = new GrowingNetwork(Partition.byWidth(layers, in), GrowingNetworkTest::head, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, in);
            List<String> first = List.copyOf(net.getParameters().keys());
            for (int k = 1; k <= 3; k++) {
                if (k > 1) {
                    Block old = net.grow(in, (b, s) -> b.initialize(m, DataType.FLOAT32, s));
                    assertEquals(
                            false,
                            net.getParameters().values().stream()
                                    .anyMatch(p -> old.getParameters().values().contains(p)),
                            "the old classifier left");
                }
                assertEquals(k, net.grown());
                var out = net.forward(new ParameterStore(m, false), new NDList(m.ones(in)), false)
                        .singletonOrThrow();
                assertEquals(new Shape(2, 3), out.getShape());
                assertEquals(new Shape(2, 3), net.getOutputShapes(new Shape[] {in})[0]);
            }
            // S1's parameters keep their names (and so their optimizer state) as the network grows
            List<String> now = net.getParameters().keys();
            List<String> s1 = first.stream().filter(n -> n.startsWith("01s1")).toList();
            assertEquals(4, s1.size(), first.toString());
            assertEquals(s1, now.subList(0, 4));
            assertEquals(true, now.get(now.size() - 1).startsWith("04classifier"), now.toString());
        }
    }
}
