package io.resgrow.models.wrn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.models.Nets;
import io.resgrow.models.block.ResNet;
import org.junit.jupiter.api.Test;

class WideResNetsTest {

    @Test
    void wrn28x10HasTheParameterCountOfTheReferenceImplementation() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet wrn = WideResNets.create(28, 10, 3, 10);
            assertEquals(36_479_194, Nets.init(wrn, m, new Shape(1, 3, 32, 32)));
            assertEquals(36_479_194, Nets.allocated(wrn));
        }
    }

    @Test
    void wrn10x1ByHand() {
        // stem 432; stage 1 (16->16): 2*16 + 2304 + 2*16 + 2304 = 4672
        // stage 2 (16->32, proj 512): 32 + 4608 + 64 + 9216 + 512 = 14432
        // stage 3 (32->64, proj 2048): 64 + 18432 + 128 + 36864 + 2048 = 57536
        // head: BN 128 + linear 650 = 778
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(
                    432 + 4672 + 14432 + 57536 + 778,
                    Nets.init(WideResNets.create(10, 1, 3, 10), m, new Shape(1, 3, 32, 32)));
        }
    }

    @Test
    void depthMustBe6nPlus4() {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> WideResNets.create(27, 10, 3, 10));
        assertTrue(e.getMessage().contains("6n+4"), e.getMessage());
        assertThrows(InvalidSettingException.class, () -> WideResNets.create(28, 0, 3, 10));
    }
}
