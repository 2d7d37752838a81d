package io.resgrow.models.multires;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.freeze.Freezer;
import io.resgrow.models.Nets;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.ResidualBlock;
import org.junit.jupiter.api.Test;

class MultiResNetsTest {

    @Test
    void twoFunctionsPerBlockByHand() {
        // depth 8 (n = 1), k = 2, widen 1, 3x8x8 input, 2 classes
        // stem 432; stage 1: 2 x (32 + 2304 + 32 + 2304) = 9344
        // stage 2: 2 x (32 + 4608 + 64 + 9216) + projection 512 = 28352
        // stage 3: 2 x (64 + 18432 + 128 + 36864) + projection 2048 = 113024
        // head: BN 128 + linear 130 = 258
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = MultiResNets.create(8, 2, 1, 3, 2);
            assertEquals(432 + 9344 + 28352 + 113024 + 258, Nets.init(net, m, new Shape(1, 3, 8, 8)));
            assertEquals(Nets.allocated(net), Nets.init(net, m, new Shape(1, 3, 8, 8)));
            assertEquals(
                    2,
                    ((ResidualBlock) net.stages().get(0).blocks().get(0))
                            .functions()
                            .size());
        }
    }

    @Test
    void branchesAreTheResidualFunctionsAndFreezeOneByOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = MultiResNets.create(8, 2, 1, 3, 2);
            long total = Nets.init(net, m, new Shape(1, 3, 8, 8));
            assertEquals(3 * 1 * 2, net.branches().size());
            long one = ParameterCount.learnable(net.branches().get(3));
            Freezer.freeze(net.branches().get(3));
            Freezer.verify(net);
            assertEquals(total - one, ParameterCount.trainable(net));
        }
    }

    @Test
    void badSettingsAreTypedErrors() {
        assertThrows(InvalidSettingException.class, () -> MultiResNets.create(9, 2, 1, 3, 10));
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> MultiResNets.create(8, 0, 1, 3, 10));
        assertEquals("k", e.parameter());
    }
}
