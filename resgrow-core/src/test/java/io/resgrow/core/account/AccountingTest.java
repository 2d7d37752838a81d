package io.resgrow.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.freeze.Freezer;
import io.resgrow.core.testing.TinyNets;
import org.junit.jupiter.api.Test;

class AccountingTest {

    @Test
    void parametersLeaveRunningStatisticsOut() {
        SequentialBlock net = TinyNets.convNet(3);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 2, 6, 6));
            // conv 8*2*3*3 = 144, BN gamma+beta 16, linear 8*3+3 = 27 (running mean/var: 16 more)
            assertEquals(144 + 16 + 27, ParameterCount.learnable(net));
            Freezer.freeze(net.getChildren().get(0).getValue());
            assertEquals(27, ParameterCount.trainable(net));
        }
    }

    @Test
    void macsCountConvolutionsAndLinearLayersFromShapes() {
        SequentialBlock net = TinyNets.convNet(3);
        // conv: 8 filters * 2 channels * 9 * 36 positions = 5184; linear 8*3 = 24
        MacCounter c = MacCounter.count(net, new Shape(1, 2, 6, 6));
        assertEquals(5184 + 24, c.macs());
        assertEquals(2, c.leaves().size());
        // outputs per sample: conv, BatchNorm and ReLU 8x6x6 = 288 each, pooling 8, flattening 8, linear 3
        assertEquals(3 * 288 + 8 + 8 + 3, c.activationsPerSample());
    }

    @Test
    void trainingFlopsChargeBackwardOnlyWhereGradientsAreNeeded() {
        SequentialBlock net = TinyNets.convNet(3);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 2, 6, 6));
            assertEquals(
                    6.0 * (5184 + 24),
                    MacCounter.count(net, new Shape(1, 2, 6, 6)).trainingFlopsPerSample());
            Freezer.freeze(net.getChildren().get(0).getValue());
            // frozen prefix: forward only; head: forward + backward
            assertEquals(
                    2.0 * 5184 + 6.0 * 24,
                    MacCounter.count(net, new Shape(1, 2, 6, 6)).trainingFlopsPerSample());
        }
    }

    @Test
    void countingAnUninitialisedBlockSaysHowToFixIt() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ParameterCount.learnable(TinyNets.convNet(3)));
        assertEquals(true, e.getMessage().contains("initialise"));
    }
}
