package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.optim.Sgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.strategy.PlainStrategy;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import org.junit.jupiter.api.Test;

class EndToEndTest {

    @Test
    void plainTrainingLearnsSyntheticDataAboveNinetyPercent() {
        ArraySource train = ArraySource.blobs(1200, 4, 1, 8, 1.0, 1);
        ArraySource test = ArraySource.blobs(400, 4, 1, 8, 1.0, 2);
        TrainingReport report = ResGrow.train(TinyNets.mlp(32, 4), new Shape(1, 8, 8))
                .on(train, test)
                .test(test)
                .strategy(PlainStrategy.epochs(3))
                .optimizer(Sgd.builder().momentum(0.9).build())
                .schedule(LrSchedule.constant(0.05))
                .batchSize(32)
                .devices(Device.cpu())
                .quiet()
                .fit();
        assertTrue(report.testAccuracy() > 0.9, "test accuracy " + report.testAccuracy());
        assertEquals(3, report.epochs().size());
        assertTrue(report.epochs().get(2).trainLoss() < report.epochs().get(0).trainLoss());
        assertEquals(64, report.paramsSha256().length());
        System.out.println(report);
    }
}
