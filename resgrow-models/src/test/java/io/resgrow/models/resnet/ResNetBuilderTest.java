package io.resgrow.models.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.models.Nets;
import io.resgrow.models.block.ResNet;
import org.junit.jupiter.api.Test;

class ResNetBuilderTest {

    @Test
    void parameterCountsMatchChangEtAlTable5AndWhatDjlAllocates() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet small = new ResNetBuilder().blocks(2, 2, 2).build();
            assertEquals(172_506, Nets.init(small, m, new Shape(1, 3, 32, 32)));
            assertEquals(172_506, Nets.allocated(small));
            ResNet deep = new ResNetBuilder().blocks(8, 8, 8).build();
            assertEquals(755_802, Nets.init(deep, m, new Shape(1, 3, 32, 32)));
            assertEquals(755_802, Nets.allocated(deep));
        }
    }

    @Test
    void macsMatchHandComputation() {
        // one stage, one block, 4 channels on 1x8x8 input, 2 classes:
        // stem 1*4*9*64 = 2304, two convs 4*4*9*64 = 9216 each, linear 4*2 = 8
        ResNet net = new ResNetBuilder()
                .blocks(1)
                .widths(4)
                .inputChannels(1)
                .classes(2)
                .build();
        assertEquals(
                2304 + 2 * 9216 + 8,
                MacCounter.count(net, new Shape(1, 1, 8, 8)).macs());
        // a down-sampling stage: stride-2 conv on 8x8 -> 4x4: 4*8*9*16 = 4608, then 8*8*9*16 = 9216
        ResNet two = new ResNetBuilder()
                .blocks(1, 1)
                .widths(4, 8)
                .inputChannels(1)
                .classes(2)
                .build();
        assertEquals(
                2304 + 2 * 9216 + 4608 + 9216 + 16,
                MacCounter.count(two, new Shape(1, 1, 8, 8)).macs());
    }

    @Test
    void forwardShapeAndZeroPadShortcutWork() {
        ResNet net = new ResNetBuilder()
                .blocks(1, 1)
                .widths(4, 8)
                .inputChannels(1)
                .classes(3)
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            Nets.init(net, m, new Shape(2, 1, 8, 8));
            NDArray out = Nets.infer(net, m, m.randomNormal(new Shape(2, 1, 8, 8)));
            assertEquals(new Shape(2, 3), out.getShape());
            assertTrue(Float.isFinite(out.sum().getFloat()));
        }
    }

    @Test
    void badSettingsAreTypedErrorsNamingTheRule() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> new ResNetBuilder().blocks(2, 2).widths(16).build());
        assertTrue(e.getMessage().contains("one width per stage"), e.getMessage());
        e = assertThrows(
                InvalidSettingException.class,
                () -> new ResNetBuilder().blocks(2, 0).widths(4, 8).build());
        assertTrue(e.getMessage().contains("at least 1 block"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> new ResNetBuilder().stepSize(0));
        assertEquals("stepSize", e.parameter());
        e = assertThrows(InvalidSettingException.class, () -> new ResNetBuilder().functionsPerBlock(0));
        assertEquals("functionsPerBlock", e.parameter());
    }
}
