package io.resgrow.strategies.partitioned;

import static io.resgrow.strategies.partitioned.PartitionedStrategy.Stage.HEAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.PhaseSettingsProbe;
import io.resgrow.models.monolith.MonolithNet;
import org.junit.jupiter.api.Test;

/**
 * Partitioned training takes the run's batch size for every stage whose own was not set, refuses a
 * stage set on both with another value, and refuses a run-level optimizer or schedule (its stages
 * need their own). Read from the engine.
 */
class PartitionedRunSettingsTest {

    private static final ArraySource DATA = ArraySource.blobs(160, 4, 1, 8, 1.0, 21);

    private static RunBuilder run(PartitionedStrategy.Builder strategy, PhaseSettingsProbe probe) {
        return ResGrow.train(new MonolithNet(2, 10, 1, 4, 1, 4), new Shape(1, 8, 8))
                .on(DATA, DATA)
                .strategy(strategy.stageEpochs(1, 1, 1).build())
                .seed(5)
                .devices(Device.cpu())
                .quiet()
                .listener(probe);
    }

    @Test
    void aStageSetOnBothWithAnotherValueIsRefused() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> run(PartitionedStrategy.builder().batchSize(HEAD, 24), probe)
                        .batchSize(16)
                        .build());
        assertEquals("PartitionedStrategy.head.batchSize", e.parameter());
        assertTrue(
                e.getMessage()
                        .contains("drop RunBuilder.batchSize(16) to train with the strategy's 24,"
                                + " or drop PartitionedStrategy.head.batchSize from the strategy's builder"),
                e.getMessage());
        assertTrue(probe.names().isEmpty());
    }

    @Test
    void aRunLevelOptimizerOrScheduleIsRefusedNotIgnored() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> run(PartitionedStrategy.builder(), probe)
                        .optimizer(NamedSgd.builder().build())
                        .build());
        assertEquals("optimizer", e.parameter());
        assertTrue(
                e.getMessage()
                        .contains("PartitionedStrategy does not take a run-level optimizer (each phase trains"
                                + " with a fresh SGD"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("Fix: drop RunBuilder.optimizer(...) and set"
                                + " PartitionedStrategy.builder().momentum(...)"),
                e.getMessage());
        e = assertThrows(
                InvalidSettingException.class,
                () -> run(PartitionedStrategy.builder(), probe)
                        .schedule(LrSchedule.constant(0.1))
                        .build());
        assertEquals("schedule", e.parameter());
        assertTrue(e.getMessage().contains("learningRate(stage, ...)"), e.getMessage());
    }

    @Test
    void theRunsBatchSizeServesTheStagesWithoutTheirOwn() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        run(PartitionedStrategy.builder().batchSize(HEAD, 16), probe)
                .batchSize(16)
                .fit();
        for (String phase : new String[] {"branch-1", "branch-2", "head", "fine-tune"}) {
            assertEquals(16, probe.phase(phase).batchSize(), phase);
            assertEquals(16, probe.phase(phase).firstStepSamples(), phase);
        }
    }

    @Test
    void withoutARunBatchSizeEachStageHasItsOwnOrThePapers() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        run(PartitionedStrategy.builder().batchSize(HEAD, 24), probe).fit();
        assertEquals(128, probe.phase("branch-1").batchSize(), "the paper's stage 1");
        assertEquals(128, probe.phase("branch-1").firstStepSamples(), "all 160 samples, in batches of 128");
        assertEquals(24, probe.phase("head").batchSize(), "set on the strategy");
        assertEquals(24, probe.phase("head").firstStepSamples());
        assertEquals(88, probe.phase("fine-tune").batchSize(), "the paper's stage 3");
        assertEquals(88, probe.phase("fine-tune").firstStepSamples());
        assertTrue(
                probe.phase("fine-tune").optimizer().startsWith("NamedSgd{momentum=0.9"),
                probe.phase("fine-tune").optimizer());
    }
}
