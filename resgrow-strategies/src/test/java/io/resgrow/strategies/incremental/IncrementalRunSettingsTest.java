package io.resgrow.strategies.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.CosineRestarts;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.PhaseSettingsProbe;
import io.resgrow.models.resnet.ResNetBuilder;
import org.junit.jupiter.api.Test;

/**
 * Batch size, optimizer and schedule of incremental training: the strategy's if set on it, else the
 * run's if set on the run, else the paper's; set on both and different, refused at build(). Read
 * from the engine for a stage and a look-ahead phase.
 */
class IncrementalRunSettingsTest {

    private static final ArraySource DATA = ArraySource.blobs(300, 4, 1, 8, 1.5, 21);

    private static RunBuilder run(LookAheadIncremental.Builder strategy, PhaseSettingsProbe probe) {
        return run(strategy, probe, 1);
    }

    private static RunBuilder run(LookAheadIncremental.Builder strategy, PhaseSettingsProbe probe, int stageEpochs) {
        return ResGrow.train(
                        new ResNetBuilder()
                                .blocks(1, 1)
                                .widths(4, 8)
                                .inputChannels(1)
                                .classes(4)
                                .buildGrowing(new Shape(1, 8, 8)),
                        new Shape(1, 8, 8))
                .on(DATA, DATA)
                .strategy(strategy.window(2)
                        .maxEpochsPerStage(stageEpochs)
                        .lookAheadEpochs(1)
                        .build())
                .seed(5)
                .devices(Device.cpu())
                .quiet()
                .listener(probe);
    }

    @Test
    void bothSetAndDifferentIsRefusedBeforeAnyWork() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> run(LookAheadIncremental.builder().learningRate(1e-3), probe)
                        .schedule(LrSchedule.constant(0.02))
                        .build());
        assertEquals("LookAheadIncremental.learningRate", e.parameter());
        assertTrue(
                e.getMessage()
                        .startsWith("Invalid value for 'LookAheadIncremental.learningRate'. Received:"
                                + " LookAheadIncremental.learningRate=Constant[lr=0.001]. Expected: the same value as the run's"
                                + " schedule (Constant[lr=0.02])"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Fix: set it in one place"), e.getMessage());
        e = assertThrows(
                InvalidSettingException.class,
                () -> run(LookAheadIncremental.builder().batchSize(20), probe)
                        .batchSize(30)
                        .build());
        assertEquals("LookAheadIncremental.batchSize", e.parameter());
        e = assertThrows(
                InvalidSettingException.class,
                () -> run(LookAheadIncremental.builder().weightDecay(1e-3), probe)
                        .optimizer(NamedSgd.builder().build())
                        .build());
        assertEquals("LookAheadIncremental.weightDecay", e.parameter());
        assertTrue(probe.names().isEmpty(), "no phase started");
    }

    @Test
    void onlyTheRunSetEveryPhaseTrainsWithTheRunsValues() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        run(LookAheadIncremental.builder(), probe)
                .batchSize(30)
                .optimizer(NamedSgd.builder().momentum(0.5).build())
                .schedule(LrSchedule.constant(0.02))
                .fit();
        for (String phase : new String[] {"stage-1", "lookahead-2", "stage-2"}) {
            PhaseSettingsProbe.Seen p = probe.phase(phase);
            assertEquals(30, p.batchSize(), phase);
            assertEquals(30, p.firstStepSamples(), phase);
            assertEquals(0.02, p.firstEpochRate(), 1e-12, phase);
            assertEquals("NamedSgd{momentum=0.5, nesterov=false, weightDecay=0.0}", p.optimizer(), phase);
        }
    }

    @Test
    void onlyTheStrategySetEveryPhaseTrainsWithItsValues() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        run(LookAheadIncremental.builder().batchSize(20).learningRate(1e-3).weightDecay(1e-3), probe)
                .fit();
        PhaseSettingsProbe.Seen p = probe.phase("lookahead-2");
        assertEquals(20, p.batchSize());
        assertEquals(20, p.firstStepSamples());
        assertEquals(1e-3, p.firstEpochRate(), 1e-12);
        assertTrue(
                p.optimizer().startsWith("NamedRmsProp{") && p.optimizer().endsWith("momentum=0.9, weightDecay=0.001}"),
                p.optimizer());
    }

    @Test
    void neitherSetEveryPhaseTrainsWithThePapersDefaults() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        run(LookAheadIncremental.builder(), probe).fit();
        PhaseSettingsProbe.Seen p = probe.phase("stage-1");
        assertEquals(128, p.batchSize());
        assertEquals(128, p.firstStepSamples());
        assertEquals(1e-4, p.firstEpochRate(), 1e-12);
        assertTrue(p.optimizer().endsWith("momentum=0.9, weightDecay=1.0E-4}"), p.optimizer());
    }

    /**
     * A cosine per phase over the phase's own epochs: with 3 steps an epoch, the last step of a
     * 2-epoch stage's first epoch is position 2 of 6, of a 1-epoch look-ahead position 2 of 3.
     */
    @Test
    void aCosineRunsOverEachPhasesOwnEpochsWithSgd() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        cosineRun(LookAheadIncremental.builder().batchSize(100).cosine(0.1, 0.001), probe)
                .fit();
        assertEquals(
                0.001 + 0.099 * (1 + Math.cos(Math.PI * 2 / 6)) / 2,
                probe.phase("stage-1").firstEpochRate(),
                1e-9);
        assertEquals(
                0.001 + 0.099 * (1 + Math.cos(Math.PI * 2 / 3)) / 2,
                probe.phase("lookahead-2").firstEpochRate(),
                1e-9);
        assertEquals(
                0.001 + 0.099 * (1 + Math.cos(Math.PI * 2 / 6)) / 2,
                probe.phase("stage-2").firstEpochRate(),
                1e-9);
        for (String phase : probe.names()) {
            assertEquals(
                    "NamedSgd{momentum=0.9, nesterov=false, weightDecay=1.0E-4}",
                    probe.phase(phase).optimizer(),
                    phase);
        }
    }

    @Test
    void aCosineNeedsAStageCapAndAnOrderedRange() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> LookAheadIncremental.builder()
                        .maxEpochsPerStage(0)
                        .cosine(0.1, 0.001)
                        .build());
        assertEquals("maxEpochsPerStage", e.parameter());
        e = assertThrows(
                InvalidSettingException.class,
                () -> LookAheadIncremental.builder().cosine(0.01, 0.1));
        assertEquals("etaMin", e.parameter());
        assertTrue(e.getMessage().contains("0.1"), e.getMessage());
        String described =
                LookAheadIncremental.builder().cosine(0.1, 0.001).build().describe();
        assertTrue(described.contains("cosine 0.1..0.001 per phase, sgd unless the run sets optimizer"), described);
        String own = LookAheadIncremental.builder()
                .cosine(0.1, 0.001)
                .optimizer(NamedSgd.builder().build())
                .build()
                .describe();
        assertTrue(own.contains("cosine 0.1..0.001 per phase,") && !own.contains("sgd unless"), own);
    }

    /** Stages of 2 epochs and look-ahead phases of 1. */
    private static RunBuilder cosineRun(LookAheadIncremental.Builder strategy, PhaseSettingsProbe probe) {
        return run(strategy, probe, 2);
    }

    /**
     * A run schedule equal to the stages' cosine still differs from the look-ahead phases' (their own
     * length): refused at build(), before any phase; a run optimizer replaces the cosine's SGD.
     */
    @Test
    void aCosineAndARunScheduleAreRefusedBeforeAnyWorkAndARunOptimizerIsUsed() {
        PhaseSettingsProbe probe = new PhaseSettingsProbe();
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> cosineRun(LookAheadIncremental.builder().cosine(0.1, 0.001), probe)
                        .schedule(new CosineRestarts(0.1, 0.001, new int[] {2}, true))
                        .build());
        assertEquals("LookAheadIncremental.cosine", e.parameter());
        assertTrue(e.getMessage().contains("cycleEnds=[1]"), e.getMessage());
        assertTrue(probe.names().isEmpty(), "no phase started");
        e = assertThrows(
                InvalidSettingException.class,
                () -> cosineRun(
                                LookAheadIncremental.builder()
                                        .cosine(0.1, 0.001)
                                        .learningRate(1e-3),
                                probe)
                        .schedule(LrSchedule.constant(0.02))
                        .build());
        assertEquals("LookAheadIncremental.learningRate", e.parameter(), "the setter called last");
        cosineRun(LookAheadIncremental.builder().cosine(0.1, 0.001), probe)
                .optimizer(NamedSgd.builder().momentum(0.5).build())
                .fit();
        assertEquals(
                "NamedSgd{momentum=0.5, nesterov=false, weightDecay=0.0}",
                probe.phase("stage-2").optimizer());
    }

    @Test
    void theDescriptionSaysWhichDefaultsTheRunMayReplace() {
        String defaults = LookAheadIncremental.builder().build().describe();
        assertTrue(defaults.contains("batch 128 unless the run sets batchSize"), defaults);
        String own = LookAheadIncremental.builder().batchSize(64).build().describe();
        assertTrue(own.contains("batch 64") && !own.contains("batch 64 unless"), own);
    }
}
