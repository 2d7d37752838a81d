package io.resgrow.strategies.multilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.checkpoint.ResumeMismatchException;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.PhaseSettingsProbe;
import io.resgrow.models.resnet.ResNetBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch size, optimizer and schedule of multi-level training: the strategy's if set on it, else the
 * run's if set on the run, else the paper's; set on both and different, refused at build(). What the
 * cycles trained with is read from the engine (phase-start events, step sizes, epoch rates).
 */
class MultiLevelRunSettingsTest {

    private static final ArraySource DATA = ArraySource.blobs(200, 4, 1, 8, 1.5, 21);

    private static RunBuilder run(MultiLevelInterpolation.Builder strategy, PhaseSettingsProbe probe) {
        return ResGrow.train(
                        new ResNetBuilder()
                                .blocks(1, 1, 1)
                                .widths(4, 8, 8)
                                .inputChannels(1)
                                .classes(4)
                                .build(),
                        new Shape(1, 8, 8))
                .on(DATA)
                .strategy(strategy.cycleLengths(1, 1).build())
                .seed(3)
                .devices(Device.cpu())
                .quiet()
                .listener(probe);
    }

    @Test
    void bothSetAndDifferentIsRefusedBeforeAnyWorkSayingWhichWinsAndHowToChoose() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> run(MultiLevelInterpolation.builder().batchSize(25), probe)
                        .batchSize(40)
                        .build());
        assertEquals(
                "Invalid value for 'MultiLevelInterpolation.batchSize'. Received:"
                        + " MultiLevelInterpolation.batchSize=25. Expected: the same value as the run's batchSize (40), or"
                        + " batchSize set in one place only (when both are set, the strategy's"
                        + " MultiLevelInterpolation.batchSize would win over RunBuilder.batchSize). Fix: set it in"
                        + " one place: drop RunBuilder.batchSize(40) to train with the strategy's 25, or drop"
                        + " MultiLevelInterpolation.batchSize from the strategy's builder to train with the run's 40",
                e.getMessage());
        e = assertThrows(
                InvalidSettingException.class,
                () -> run(MultiLevelInterpolation.builder().momentum(0.8), probe)
                        .optimizer(NamedSgd.builder().momentum(0.5).build())
                        .build());
        assertEquals("MultiLevelInterpolation.momentum/weightDecay", e.parameter());
        assertTrue(e.getMessage().contains("drop RunBuilder.optimizer(NamedSgd{momentum=0.5"), e.getMessage());
        e = assertThrows(
                InvalidSettingException.class,
                () -> run(MultiLevelInterpolation.builder().eta(0.1, 0.001), probe)
                        .schedule(LrSchedule.constant(0.02))
                        .build());
        assertEquals("MultiLevelInterpolation.eta", e.parameter());
        assertTrue(e.getMessage().contains("the strategy's MultiLevelInterpolation.eta would win"), e.getMessage());
        assertTrue(probe.names().isEmpty(), "no phase started");
        // equal values set in both places are fine
        run(MultiLevelInterpolation.builder().batchSize(40), probe)
                .batchSize(40)
                .build();
    }

    @Test
    void onlyTheRunSetTheCyclesTrainWithTheRunsValues() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        run(MultiLevelInterpolation.builder(), probe)
                .batchSize(40)
                .optimizer(NamedSgd.builder().momentum(0.5).build())
                .schedule(LrSchedule.constant(0.02))
                .fit();
        for (String cycle : new String[] {"cycle-1", "cycle-2"}) {
            PhaseSettingsProbe.Seen p = probe.phase(cycle);
            assertEquals(40, p.batchSize(), cycle);
            assertEquals(40, p.firstStepSamples(), cycle);
            assertEquals(0.02, p.firstEpochRate(), 1e-12, cycle);
            assertEquals("NamedSgd{momentum=0.5, nesterov=false, weightDecay=0.0}", p.optimizer(), cycle);
        }
    }

    @Test
    void onlyTheStrategySetTheCyclesTrainWithItsValues() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        run(MultiLevelInterpolation.builder().batchSize(25).momentum(0.8).eta(0.1, 0.01), probe)
                .fit();
        PhaseSettingsProbe.Seen p = probe.phase("cycle-2");
        assertEquals(25, p.batchSize());
        assertEquals(25, p.firstStepSamples());
        assertEquals("NamedSgd{momentum=0.8, nesterov=false, weightDecay=2.0E-4}", p.optimizer());
        assertTrue(p.schedule().startsWith("CosineRestarts[etaMax=0.1, etaMin=0.01,"), p.schedule());
        // a cosine over one epoch: the epoch's last step is near eta min
        assertTrue(p.firstEpochRate() < 0.02, "rate " + p.firstEpochRate());
    }

    @Test
    void neitherSetTheCyclesTrainWithThePapersDefaults() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        run(MultiLevelInterpolation.builder(), probe).fit();
        PhaseSettingsProbe.Seen p = probe.phase("cycle-1");
        assertEquals(100, p.batchSize());
        assertEquals(100, p.firstStepSamples());
        assertEquals("NamedSgd{momentum=0.9, nesterov=false, weightDecay=2.0E-4}", p.optimizer());
        assertTrue(p.schedule().startsWith("CosineRestarts[etaMax=0.5, etaMin=0.001,"), p.schedule());
    }

    @Test
    void aResumeWhoseRunSetsWhatTheCheckpointedRunLeftToTheStrategyIsRefused(@TempDir Path dir) {
        // the run's default batch size is 128 either way; set, it takes over from the strategy's 100
        run(MultiLevelInterpolation.builder(), new PhaseSettingsProbe())
                .checkpoints(dir)
                .fit();
        ResumeMismatchException e = assertThrows(
                ResumeMismatchException.class,
                () -> run(MultiLevelInterpolation.builder(), new PhaseSettingsProbe())
                        .batchSize(128)
                        .checkpoints(dir)
                        .resume(true)
                        .fit());
        assertEquals(
                List.of(
                        "batchSize: checkpoint 128 (the run's default; a strategy with its own uses that), now 128",
                        "setOnRun: checkpoint [], now [batchSize]"),
                e.differences());
        // the same settings resume
        PhaseSettingsProbe again = new PhaseSettingsProbe();
        run(MultiLevelInterpolation.builder(), again)
                .checkpoints(dir)
                .resume(true)
                .fit();
    }

    @Test
    void aResumeWithAnotherStrategyBatchSizeIsRefused(@TempDir Path dir) {
        run(MultiLevelInterpolation.builder().batchSize(50), new PhaseSettingsProbe())
                .checkpoints(dir)
                .fit();
        ResumeMismatchException e = assertThrows(
                ResumeMismatchException.class,
                () -> run(MultiLevelInterpolation.builder(), new PhaseSettingsProbe())
                        .checkpoints(dir)
                        .resume(true)
                        .fit());
        assertTrue(
                e.differences().toString().contains("batch 50"), e.differences().toString());
    }
}
