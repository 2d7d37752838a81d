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

/** A VGG built to grow group by group: the input its last group needs is checked at the start. */
class GrowingVggTest {

    private static GrowingNetwork tiny() {
        return new VggBuilder()
                .depth(16)
                .widthScale(0.125)
                .fcWidths(16)
                .inputChannels(1)
                .buildGrowing();
    }

    @Test
    void anInputTheFifthGroupCannotTakeIsRefusedWhenOnlyTheFirstIsIn() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 28x28 passes group 1 (-> 14x14); group 5 would get 1x1 and its max-pool 0x0
            InvalidSettingException e =
                    assertThrows(InvalidSettingException.class, () -> Nets.init(tiny(), m, new Shape(2, 1, 28, 28)));
            assertEquals("inputShape", e.parameter());
            assertTrue(e.getMessage().contains("Received: inputShape=1x28x28."), e.getMessage());
            assertTrue(e.getMessage().contains("height and width >= 32"), e.getMessage());
        }
    }

    @Test
    void anInputOfThirtyTwoGrowsThroughAllFiveGroups() {
        try (NDManager m = NDManager.newBaseManager()) {
            GrowingNetwork net = tiny();
            Shape input = new Shape(2, 1, 32, 32);
            Nets.init(net, m, input);
            for (int k = 1; k < 5; k++) {
                net.grow(input, (b, s) -> b.initialize(m, DataType.FLOAT32, s));
            }
            assertEquals(5, net.grown());
            NDList out = net.forward(new ParameterStore(m, false), new NDList(m.ones(input)), false);
            assertEquals(new Shape(2, 10), out.singletonOrThrow().getShape());
        }
    }
}
