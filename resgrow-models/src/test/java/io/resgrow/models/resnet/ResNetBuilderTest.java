package io.resgrow.models.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.resgrow.core.InvalidSettingException;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.ParameterCount;
import org.junit.jupiter.api.Test;

class ResNetBuilderTest {

    private static long count(int[] blocks, int channels, int side) {
        SequentialBlock net = new ResNetBuilder().blocks(blocks).inputChannels(channels).build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, channels, side, side));
            return ParameterCount.learnable(net);
        }
    }

    @Test
    void parameterCountsMatchChangEtAlTable5() {
        assertEquals(172_506, count(new int[] {2, 2, 2}, 3, 32));
        assertEquals(755_802, count(new int[] {8, 8, 8}, 3, 32));
    }

    @Test
    void macsMatchHandComputation() {
        // one stage, one block, 4 channels on 1x8x8 input, 2 classes:
        // stem 1*4*9*64 = 2304, two convs 4*4*9*64 = 9216 each, linear 4*2 = 8
        SequentialBlock net = new ResNetBuilder().blocks(1).widths(4).inputChannels(1).classes(2).build();
        MacCounter c = MacCounter.count(net, new Shape(1, 1, 8, 8));
        assertEquals(2304 + 2 * 9216 + 8, c.macs());
    }

    @Test
    void forwardShapeAndShortcutWork() {
        SequentialBlock net = new ResNetBuilder().blocks(1, 1).widths(4, 8).inputChannels(1).classes(3).build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 1, 8, 8));
            NDArray out = net.forward(new ParameterStore(m, false),
                    new NDList(m.randomNormal(new Shape(2, 1, 8, 8))), false).head();
            assertEquals(new Shape(2, 3), out.getShape());
            assertTrue(Float.isFinite(out.sum().getFloat()));
        }
    }

    @Test
    void widthsNotMatchingStagesIsATypedError() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> new ResNetBuilder().blocks(2, 2).widths(16).build());
        assertTrue(e.getMessage().contains("widths"), e.getMessage());
        assertThrows(InvalidSettingException.class, () -> new ResNetBuilder().blocks(2, 0).widths(4, 8).build());
        assertThrows(InvalidSettingException.class, () -> new ResNetBuilder().stepSize(0));
    }
}
