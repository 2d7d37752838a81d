package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.PhaseSettingsProbe;
import io.resgrow.core.testing.TinyNets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The run records which of batch size, optimizer and schedule the user set; a strategy's value and
 * the run's meet by {@link RunSetting#choose}; the plain strategy trains with the run's values, and
 * a strategy that takes a setting refuses it when the user set it on the run.
 */
class RunSettingTest {

    private static final ArraySource DATA = ArraySource.blobs(60, 3, 1, 4, 1.0, 4);

    private static RunBuilder run() {
        return ResGrow.train(TinyNets.mlp(4, 3), new Shape(1, 4, 4))
                .on(DATA)
                .devices(Device.cpu())
                .quiet();
    }

    @Test
    void theRunRecordsWhatTheUserSetAndNothingElse() {
        assertEquals(Set.of(), run().build().settings().explicit());
        RunSettings s =
                run().batchSize(12).schedule(LrSchedule.constant(0.2)).build().settings();
        assertEquals(EnumSet.of(RunSetting.BATCH_SIZE, RunSetting.SCHEDULE), s.explicit());
        assertTrue(s.isExplicit(RunSetting.BATCH_SIZE));
        assertTrue(!s.isExplicit(RunSetting.OPTIMIZER));
        assertTrue(
                run().optimizer(NamedSgd.builder().build()).build().settings().isExplicit(RunSetting.OPTIMIZER));
        assertEquals(Set.of(), run().optimizer(null).build().settings().explicit(), "optimizer(null) is the default");
    }

    @Test
    void theStrategysExplicitValueWinsThenTheRunsThenTheStrategysDefault() {
        RunSettings none = run().build().settings();
        RunSettings set = run().batchSize(12).build().settings();
        assertEquals(30, RunSetting.BATCH_SIZE.choose(none, "X.batchSize", false, 30), "neither: the default");
        assertEquals(12, RunSetting.BATCH_SIZE.choose(set, "X.batchSize", false, 30), "only the run: the run's");
        assertEquals(30, RunSetting.BATCH_SIZE.choose(none, "X.batchSize", true, 30), "only the strategy: its own");
        assertEquals(12, RunSetting.BATCH_SIZE.choose(set, "X.batchSize", true, 12), "both, equal: fine");
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class, () -> RunSetting.BATCH_SIZE.choose(set, "X.batchSize", true, 30));
        assertEquals("X.batchSize", e.parameter());
        assertEquals(
                "Invalid value for 'X.batchSize'. Received: X.batchSize=30. Expected: the same value as the"
                        + " run's batchSize (12), or batchSize set in one place only (when both are set, the strategy's"
                        + " X.batchSize would win over RunBuilder.batchSize). Fix: set it in one place: drop"
                        + " RunBuilder.batchSize(12) to train with the strategy's 30, or drop X.batchSize from the"
                        + " strategy's builder to train with the run's 12",
                e.getMessage());
    }

    @Test
    void equalOptimizersAndSchedulesAreComparedByValueNotIdentity() {
        RunSettings s = run().optimizer(NamedSgd.builder().momentum(0.5).build())
                .schedule(LrSchedule.constant(0.2))
                .build()
                .settings();
        NamedSgd same = NamedSgd.builder().momentum(0.5).build();
        assertSame(same, RunSetting.OPTIMIZER.choose(s, "X.momentum", true, same));
        assertThrows(
                InvalidSettingException.class,
                () -> RunSetting.OPTIMIZER.choose(
                        s, "X.momentum", true, NamedSgd.builder().momentum(0.6).build()));
        assertEquals(
                0.2,
                ((LrSchedule.Constant) RunSetting.SCHEDULE.choose(s, "X.lr", true, LrSchedule.constant(0.2))).lr());
    }

    @Test
    void plainTrainsWithTheRunsValuesWhereSetAndTheRunsDefaultsElsewhere() {
        PhaseSettingsProbe set = new PhaseSettingsProbe();
        run().strategy(PlainStrategy.epochs(1))
                .batchSize(12)
                .schedule(LrSchedule.constant(0.2))
                .optimizer(NamedSgd.builder().momentum(0.5).build())
                .listener(set)
                .fit();
        PhaseSettingsProbe.Seen p = set.phase("plain");
        assertEquals(12, p.batchSize());
        assertEquals(12, p.firstStepSamples());
        assertEquals(0.2, p.firstEpochRate(), 1e-12);
        assertEquals("NamedSgd{momentum=0.5, nesterov=false, weightDecay=0.0}", p.optimizer());

        PhaseSettingsProbe unset = new PhaseSettingsProbe();
        run().strategy(PlainStrategy.epochs(1)).listener(unset).fit();
        PhaseSettingsProbe.Seen d = unset.phase("plain");
        assertEquals(128, d.batchSize(), "the run's default batch size");
        assertEquals(60, d.firstStepSamples(), "60 samples fit in one batch of 128");
        assertEquals(0.05, d.firstEpochRate(), 1e-12, "the run's default schedule: constant 0.05");
        assertEquals("NamedSgd{momentum=0.9, nesterov=false, weightDecay=5.0E-4}", d.optimizer());
    }

    @Test
    void theReportRecordsTheRunsSettingsVersionsAndTheCallersEntries() {
        var report = run().strategy(PlainStrategy.epochs(1))
                .batchSize(12)
                .seed(7)
                .provenance(Map.of("command line", "my script --fast"))
                .fit();
        var p = report.provenance();
        assertEquals("7", p.get("seed"));
        assertEquals("12", p.get("batchSize"));
        assertEquals("[batchSize]", p.get("setOnRun"));
        assertEquals("plain(1 epoch)", p.get("strategy"));
        assertEquals("my script --fast", p.get("command line"));
        assertTrue(p.get("DJL").startsWith("0.35"), p.get("DJL"));
        assertTrue(p.get("train").contains("60"), "the data's fingerprint: " + p.get("train"));
    }

    @Test
    void aStrategyThatDoesNotTakeASettingRefusesItBeforeAnyWork() {
        TrainingStrategy ownOptimizer = new TrainingStrategy() {
            @Override
            public String describe() {
                return "own";
            }

            @Override
            public void run(TrainingContext context) {
                throw new AssertionError("must not train");
            }

            @Override
            public Set<RunSetting> runSettings() {
                return EnumSet.of(RunSetting.BATCH_SIZE);
            }
        };
        run().strategy(ownOptimizer).batchSize(10).build();
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> run().strategy(ownOptimizer)
                        .optimizer(NamedSgd.builder().build())
                        .build());
        assertEquals("optimizer", e.parameter());
        assertTrue(
                e.getMessage().contains("own does not take a run-level optimizer (it sets its own optimizer"),
                e.getMessage());
        assertTrue(e.getMessage().contains("drop RunBuilder.optimizer(...)"), e.getMessage());
        e = assertThrows(
                InvalidSettingException.class,
                () -> run().strategy(PlainStrategy.epochs(1).then(ownOptimizer))
                        .schedule(LrSchedule.constant(0.1))
                        .build());
        assertEquals("schedule", e.parameter());
    }
}
