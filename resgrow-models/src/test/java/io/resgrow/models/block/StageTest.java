package io.resgrow.models.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.models.Nets;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageTest {

    private static final Shape INPUT = new Shape(4, 1, 8, 8);

    /** Gives BatchNorm statistics and parameters non-trivial values, as training would. */
    private static void perturb(Block net, NDManager m) {
        for (Parameter p : net.getParameters().values()) {
            NDArray a = p.getArray();
            NDArray noise = m.randomUniform(0.5f, 1.5f, a.getShape());
            a.muli(noise);
        }
    }

    @Test
    void insertingABlockWithAZeroLastConvLeavesOutputsUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = new ResNetBuilder()
                    .blocks(1, 1)
                    .widths(4, 8)
                    .inputChannels(1)
                    .classes(3)
                    .build();
            Nets.init(net, m, INPUT);
            perturb(net, m);
            NDArray x = m.randomNormal(INPUT);
            NDArray before = Nets.infer(net, m, x);
            Stage stage = net.stages().get(1);
            ResidualBlock added = ResidualBlock.basic(8, 8, 1, 1.0);
            added.initialize(m, DataType.FLOAT32, new Shape(4, 8, 4, 4));
            added.functions()
                    .get(0)
                    .lastConv()
                    .getParameters()
                    .values()
                    .forEach(p -> p.getArray().muli(0));
            stage.insert(1, added);
            assertEquals(2, stage.blocks().size());
            assertArrayEquals(before.toFloatArray(), Nets.infer(net, m, x).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void interpolationCopiesExactlyHalvesHAndDoublesBlocks() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = new ResNetBuilder()
                    .blocks(2, 2)
                    .widths(4, 8)
                    .inputChannels(1)
                    .classes(3)
                    .build();
            long params = Nets.init(net, m, INPUT);
            perturb(net, m);
            List<Block> stage2Before = net.stages().get(1).blocks();
            net.interpolate(m);
            assertArrayEquals(new int[] {4, 4}, net.blocksPerStage());
            assertEquals(0.5, net.stepSize());
            List<Block> stage2 = net.stages().get(1).blocks();
            // stage 2: [b0 (down-sampling), copy of old b1, b1, copy of b1] (Chang et al., appendix B)
            assertTrue(stage2.get(0) == stage2Before.get(0) && stage2.get(2) == stage2Before.get(1));
            assertSameValues(stage2Before.get(1), stage2.get(1));
            assertSameValues(stage2Before.get(1), stage2.get(3));
            // stage 1 (no shape change): every block followed by its own copy
            List<Block> stage1 = net.stages().get(0).blocks();
            assertSameValues(stage1.get(0), stage1.get(1));
            assertSameValues(stage1.get(2), stage1.get(3));
            for (Block b : stage1) {
                assertEquals(0.5, ((ResidualBlock) b).stepSize());
            }
            long added = 2 * ParameterCount.learnable(stage1.get(1)) + 2 * ParameterCount.learnable(stage2.get(1));
            assertEquals(params + added, ParameterCount.learnable(net));
        }
    }

    private static void assertSameValues(Block a, Block b) {
        List<Parameter> pa = a.getParameters().values();
        List<Parameter> pb = b.getParameters().values();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertTrue(pa.get(i).getArray() != pb.get(i).getArray(), "a copy, not the same array");
            assertArrayEquals(
                    pa.get(i).getArray().toFloatArray(), pb.get(i).getArray().toFloatArray(), 0f);
        }
    }

    @Test
    void badIndicesAreTypedErrors() {
        Stage stage = new Stage(List.of(ResidualBlock.basic(4, 4, 1, 1)));
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> stage.insert(3, ResidualBlock.basic(4, 4, 1, 1)));
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
        assertThrows(InvalidSettingException.class, () -> stage.remove(0));
        assertThrows(InvalidSettingException.class, () -> new Stage(List.of()));
        assertThrows(InvalidSettingException.class, () -> ResidualBlock.basic(4, 4, 3, 1));
        assertThrows(InvalidSettingException.class, () -> ResidualBlock.basic(4, 4, 1, -1));
    }
}
