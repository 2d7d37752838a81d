package io.resgrow.models.vgg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.GrowingNetwork;
import io.resgrow.models.Nets;
import org.junit.jupiter.api.Test;

/** A VGG built to grow group by group: each group's input is checked before the group is in. */
class GrowingVggTest {

    private static GrowingNetwork tiny() {
        return tiny(1);
    }

    /** A growing VGG-16 at an eighth of its widths, with its first {@code start} groups in. */
    private static GrowingNetwork tiny(int start) {
        return builder().buildGrowing(start);
    }

    private static VggBuilder builder() {
        return new VggBuilder().depth(16).widthScale(0.125).fcWidths(16).inputChannels(1);
    }

    /** Grows the network until {@code groups} are in, on an input of this shape. */
    private static void growTo(GrowingNetwork net, int groups, Shape input, NDManager m) {
        while (net.grown() < groups) {
            net.grow(input, (b, s) -> b.initialize(m, DataType.FLOAT32, s));
        }
    }

    @Test
    void aGroupThatCannotTakeTheInputIsRefusedBeforeItGrowsAndTheWholePlanCanBeCheckedAtOnce() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 28x28: groups 1-4 take it (28 -> 14 -> 7 -> 3 -> 1); group 5 would get 1x1 and pool it to 0x0
            GrowingNetwork net = tiny();
            Shape input = new Shape(2, 1, 28, 28);
            Nets.init(net, m, input);
            growTo(net, 4, input, m);
            InvalidSettingException e = assertThrows(
                    InvalidSettingException.class,
                    () -> net.grow(input, (b, s) -> b.initialize(m, DataType.FLOAT32, s)));
            assertEquals("inputShape", e.parameter());
            assertTrue(e.getMessage().contains("Received: inputShape=1x28x28."), e.getMessage());
            assertTrue(e.getMessage().contains("height and width >= 32"), e.getMessage());
            assertEquals(4, net.grown(), "nothing changed");
            e = assertThrows(InvalidSettingException.class, () -> tiny().checkInput(input, 5));
            assertTrue(e.getMessage().contains(">= 32 (five 2x2 max-pools"), e.getMessage());
            e = assertThrows(InvalidSettingException.class, () -> tiny().checkInput(new Shape(2, 1, 12, 12), 4));
            assertTrue(e.getMessage().contains(">= 16 (the first 4 groups'"), e.getMessage());
            // 1x8x8 takes three groups (8 -> 4 -> 2 -> 1), not at initialisation with a fourth in
            InvalidSettingException early =
                    assertThrows(InvalidSettingException.class, () -> Nets.init(tiny(4), m, new Shape(2, 1, 8, 8)));
            assertTrue(early.getMessage().contains(">= 16"), early.getMessage());
        }
    }

    @Test
    void anInputOfThirtyTwoGrowsThroughAllFiveGroups() {
        growsThroughAllFiveGroups(tiny(), new Shape(2, 1, 32, 32));
    }

    @Test
    void aPaddedNetworkGrowsThroughAllFiveGroupsOn28x28() {
        growsThroughAllFiveGroups(builder().padding(2).buildGrowing(), new Shape(2, 1, 28, 28));
    }

    private static void growsThroughAllFiveGroups(GrowingNetwork net, Shape input) {
        try (NDManager m = NDManager.newBaseManager()) {
            net.checkInput(input, 5);
            Nets.init(net, m, input);
            growTo(net, 5, input, m);
            assertEquals(5, net.grown());
            NDList out = net.forward(new ParameterStore(m, false), new NDList(m.ones(input)), false);
            assertEquals(new Shape(2, 10), out.singletonOrThrow().getShape());
        }
    }
}
