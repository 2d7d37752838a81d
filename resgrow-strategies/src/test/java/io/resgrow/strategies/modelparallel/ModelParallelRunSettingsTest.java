package io.resgrow.strategies.modelparallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunSetting;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.strategies.multilevel.MultiLevelInterpolation;
import io.resgrow.strategies.partitioned.PartitionedStrategy;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The wrapper takes the run settings its inner strategy takes, on the inner strategy's terms. */
class ModelParallelRunSettingsTest {

    private static TrainingStrategy around(TrainingStrategy inner) {
        return ModelParallelBranches.builder().devices("cpu,cpu").inner(inner).build();
    }

    @Test
    void theInnerStrategysRefusalsAndConflictsHoldUnderTheWrapper() {
        TrainingStrategy multilevel =
                around(MultiLevelInterpolation.builder().batchSize(25).build());
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> ResGrow.train(PlacedNets.multires(2), new Shape(1, 8, 8))
                        .on(PlacedNets.DATA)
                        .strategy(multilevel)
                        .batchSize(40)
                        .devices(Device.cpu())
                        .quiet()
                        .build());
        assertEquals("MultiLevelInterpolation.batchSize", e.parameter());
        TrainingStrategy partitioned = around(PartitionedStrategy.builder().build());
        assertEquals(EnumSet.of(RunSetting.BATCH_SIZE), partitioned.runSettings());
        assertEquals(EnumSet.allOf(RunSetting.class), multilevel.runSettings());
    }

    @Test
    void aRunOptimizerIsRefusedForAWrappedPartitionedStrategy() {
        // the network check comes first: give it a MonolithNet
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> ResGrow.train(new MonolithNet(2, 10, 1, 4, 1, 4), new Shape(1, 8, 8))
                        .on(PlacedNets.DATA)
                        .strategy(around(PartitionedStrategy.builder().build()))
                        .optimizer(NamedSgd.builder().build())
                        .devices(Device.cpu())
                        .quiet()
                        .build());
        assertEquals("optimizer", e.parameter());
    }
}
