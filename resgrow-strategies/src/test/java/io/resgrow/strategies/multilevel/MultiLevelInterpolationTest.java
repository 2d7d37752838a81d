package io.resgrow.strategies.multilevel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.resgrow.core.Phase;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.engine.NativeArrays;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.ResumeCheck;
import io.resgrow.core.testing.ResumeCheck.StepLog;
import io.resgrow.core.testing.TinyNets;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.resnet.ResNetBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiLevelInterpolationTest {

    private static final ArraySource DATA = ArraySource.blobs(200, 4, 1, 8, 1.5, 21);

    private static ResNetBuilder family(int... blocks) {
        return new ResNetBuilder()
                .blocks(blocks)
                .widths(4, 8, 8)
                .inputChannels(1)
                .classes(4);
    }

    private static long params(int... blocks) {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = family(blocks).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            return ParameterCount.learnable(net);
        }
    }

    private static RunBuilder run(ResNet net, MultiLevelInterpolation strategy) {
        return ResGrow.train(net, new Shape(1, 8, 8))
                .on(DATA, DATA)
                .strategy(strategy)
                .seed(3)
                .devices(Device.cpu())
                .quiet();
    }

    private static MultiLevelInterpolation.Builder base() {
        return MultiLevelInterpolation.builder().eta(0.1, 0.001).batchSize(25);
    }

    private static MultiLevelInterpolation strategy(int... cycles) {
        return base().cycleLengths(cycles).build();
    }

    @Test
    void interpolatesAtCycleEndsDoublingBlocksAndHalvingH() {
        ResNet net = family(1, 1, 1).build();
        TrainingReport r = run(net, strategy(1, 1, 1)).fit();
        List<RunEvent> grows =
                r.events().stream().filter(e -> e.type().equals("interpolate")).toList();
        assertEquals(2, grows.size());
        assertEquals(List.of(1.0, 1.0, 1.0), numbers(grows.get(0).data().get("blocksBefore")));
        assertEquals(List.of(2.0, 2.0, 2.0), numbers(grows.get(0).data().get("blocksAfter")));
        assertEquals(List.of(4.0, 4.0, 4.0), numbers(grows.get(1).data().get("blocksAfter")));
        assertEquals(0.5, grows.get(1).data().get("hBefore"));
        assertEquals(0.25, grows.get(1).data().get("hAfter"));
        assertEquals(0.25, net.stepSize());
        assertArrayEquals(new int[] {4, 4, 4}, net.blocksPerStage());
        List<Long> counts = r.epochs().stream().map(EpochRecord::parameters).toList();
        assertEquals(List.of(params(1, 1, 1), params(2, 2, 2), params(4, 4, 4)), counts);
        assertTrue(r.epochs().get(2).macsPerSample() > r.epochs().get(1).macsPerSample());
    }

    private static List<Double> numbers(Object list) {
        return ((List<?>) list).stream().map(o -> ((Number) o).doubleValue()).toList();
    }

    @Test
    void learningRateRestartsAtEveryCycle() {
        TrainingReport r = run(family(1, 1, 1).build(), strategy(2, 2)).fit();
        List<Double> lr = r.epochs().stream().map(EpochRecord::learningRate).toList();
        // 200 samples / batch 25 = 8 steps an epoch, 16 a cycle; an epoch records its last step's rate
        double t7 = 0.001 + 0.099 * (1 + Math.cos(Math.PI * 7 / 16)) / 2;
        double t15 = 0.001 + 0.099 * (1 + Math.cos(Math.PI * 15 / 16)) / 2;
        assertEquals(t7, lr.get(0), 1e-12, lr.toString());
        assertEquals(t15, lr.get(1), 1e-12, lr.toString());
        assertEquals(lr.get(0), lr.get(2), 1e-12, "cycle 2 restarts: " + lr);
        assertEquals(lr.get(1), lr.get(3), 1e-12);
    }

    @Test
    void aRunStoppedInTheSecondCycleResumesExactlyWithTheGrownNetwork(@TempDir Path dir) {
        StepLog straightSteps = new StepLog();
        TrainingReport straight = run(family(1, 1, 1).build(), strategy(1, 2))
                .checkpoints(dir.resolve("a"))
                .listener(straightSteps)
                .fit();
        Path b = dir.resolve("b");
        assertThrows(
                IllegalStateException.class,
                () -> run(family(1, 1, 1).build(), strategy(1, 2))
                        .checkpoints(b)
                        .listener(new RunListener() {
                            @Override
                            public void onEpoch(EpochRecord record) {
                                if (record.epoch() == 3) {
                                    throw new IllegalStateException("killed");
                                }
                            }
                        })
                        .fit());
        ResumeCheck.Position at = ResumeCheck.newest(b);
        assertEquals(List.of(1, 2, 0), List.of(at.phaseOrdinal(), at.runEpochsDone(), at.step()), at.toString());
        ResNet fresh = family(1, 1, 1).build();
        StepLog resumedSteps = new StepLog();
        TrainingReport resumed = run(fresh, strategy(1, 2))
                .checkpoints(b)
                .listener(resumedSteps)
                .resume(true)
                .fit();
        ResumeCheck.assertResumedAt(at, resumed, straightSteps, resumedSteps);
        assertArrayEquals(new int[] {2, 2, 2}, fresh.blocksPerStage());
        assertEquals(0.5, fresh.stepSize());
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        assertEquals(3, resumed.epochs().size());
    }

    private static MultiLevelInterpolation stepStrategy(int... ends) {
        return base().cycleEndSteps(ends).build();
    }

    @Test
    void cyclesInStepsEndMidEpochAndRestartTheCosine() {
        // 8 steps an epoch; cycles of 12, 8 and 16 steps: epochs of 8+4, 8, 8+8 steps
        ResNet net = family(1, 1, 1).build();
        List<Long> clock = new ArrayList<>();
        TrainingReport r = run(net, stepStrategy(12, 20, 36))
                .listener(new RunListener() {
                    @Override
                    public void onEvent(RunEvent e) {
                        if (e.type().equals("phase-end")) {
                            clock.add(System.nanoTime());
                        }
                    }
                })
                .fit();
        List<String> phases = r.epochs().stream().map(EpochRecord::phase).toList();
        assertEquals(List.of("cycle-1", "cycle-1", "cycle-2", "cycle-3", "cycle-3"), phases);
        List<Double> lr = r.epochs().stream().map(EpochRecord::learningRate).toList();
        assertEquals(cos(11, 12), lr.get(1), 1e-12, "last step of cycle 1 is its step 11: " + lr);
        assertEquals(cos(7, 8), lr.get(2), 1e-12, "cycle 2 restarts: " + lr);
        assertEquals(cos(7, 16), lr.get(3), 1e-12, lr.toString());
        assertEquals(cos(15, 16), lr.get(4), 1e-12, lr.toString());
        List<Long> counts = r.epochs().stream().map(EpochRecord::parameters).toList();
        assertEquals(
                List.of(params(1, 1, 1), params(1, 1, 1), params(2, 2, 2), params(4, 4, 4), params(4, 4, 4)), counts);
        assertEquals(0.25, net.stepSize());
        RunEvent schedule = r.events().stream()
                .filter(e -> e.type().equals("schedule"))
                .findFirst()
                .orElseThrow();
        assertEquals("steps", schedule.data().get("cycleUnit"));
        assertEquals(List.of(12.0, 8.0, 16.0), numbers(schedule.data().get("cycleLengths")));
        List<RunEvent> ends =
                r.events().stream().filter(e -> e.type().equals("phase-end")).toList();
        assertEquals(
                List.of(12.0, 8.0, 16.0),
                ends.stream()
                        .map(e -> e.data().get("steps"))
                        .map(o -> ((Number) o).doubleValue())
                        .toList());
        // each cycle's reported time against the test's own clock between phase ends (cycle 1 also
        // holds the run's start-up, so it is only bounded above by the whole run)
        for (int c = 1; c < 3; c++) {
            double reported = ((Number) ends.get(c).data().get("seconds")).doubleValue();
            double measured = (clock.get(c) - clock.get(c - 1)) / 1e9;
            assertEquals(measured, reported, 0.25 * measured + 0.05, "cycle " + (c + 1) + " time");
        }
        double first = ((Number) ends.get(0).data().get("seconds")).doubleValue();
        assertTrue(first > 0 && first <= r.seconds(), "cycle 1 took " + first + " s of " + r.seconds());
    }

    private static double cos(int t, int total) {
        return 0.001 + 0.099 * (1 + Math.cos(Math.PI * t / total)) / 2;
    }

    @Test
    void aRunStoppedInsideAStepCycleResumesExactly(@TempDir Path dir) {
        TrainingReport straight =
                run(family(1, 1, 1).build(), stepStrategy(12, 20)).fit();
        Path b = dir.resolve("b");
        // checkpoints every 3 steps: the kill at the end of the 4-step epoch leaves one at its step 3
        assertThrows(
                IllegalStateException.class,
                () -> run(family(1, 1, 1).build(), stepStrategy(12, 20))
                        .checkpoints(b)
                        .checkpointEverySteps(3)
                        .listener(new RunListener() {
                            @Override
                            public void onEpoch(EpochRecord record) {
                                if (record.epoch() == 2) {
                                    throw new IllegalStateException("killed");
                                }
                            }
                        })
                        .fit());
        ResNet fresh = family(1, 1, 1).build();
        TrainingReport resumed =
                run(fresh, stepStrategy(12, 20)).checkpoints(b).resume(true).fit();
        assertTrue(
                resumed.events().stream()
                        .anyMatch(e ->
                                e.type().equals("resume") && ((Number) e.data().get("step")).intValue() == 3),
                resumed.events().toString());
        assertArrayEquals(new int[] {2, 2, 2}, fresh.blocksPerStage());
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        assertEquals(straight.epochs().size(), resumed.epochs().size());
    }

    @Test
    void theoreticalSavingMatchesTheClosedForms() {
        assertEquals(5.0 / 12, MultiLevelInterpolation.theoreticalSaving(new int[] {4, 4, 4}), 1e-12);
        for (int k = 1; k <= 4; k++) {
            int[] equal = new int[k + 1];
            Arrays.fill(equal, 3);
            double closed = 1 - (Math.pow(2, k + 1) - 1) / (Math.pow(2, k) * (k + 1));
            assertEquals(closed, MultiLevelInterpolation.theoreticalSaving(equal), 1e-12);
        }
        // unequal: 1 - (60 + 2*50 + 4*50) / (4 * 160)
        assertEquals(1 - 360.0 / 640, MultiLevelInterpolation.theoreticalSaving(new int[] {60, 50, 50}), 1e-12);
    }

    @Test
    void badConfigurationsAreTypedErrors() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> MultiLevelInterpolation.builder().cycleEnds(60, 50, 160));
        assertEquals("cycleEnds", e.parameter());
        e = assertThrows(
                InvalidSettingException.class,
                () -> MultiLevelInterpolation.builder().eta(0.001, 0.5));
        assertEquals("etaMin", e.parameter());
        e = assertThrows(InvalidSettingException.class, () -> family(2, 0, 2).build());
        assertTrue(e.getMessage().contains("at least 1 block"), e.getMessage());
        e = assertThrows(
                InvalidSettingException.class,
                () -> MultiLevelInterpolation.builder().cycleLengths(4, 0));
        assertEquals("cycleLengths", e.parameter());
        // cycleEndSteps: in BadMultiLevelSettingsTest's catalogue, with the whole message
        e = assertThrows(
                InvalidSettingException.class,
                () -> ResGrow.train(TinyNets.mlp(4, 4), new Shape(1, 8, 8))
                        .on(DATA)
                        .strategy(strategy(1, 1))
                        .devices(Device.cpu())
                        .quiet()
                        .fit());
        assertEquals("network", e.parameter());
    }

    /**
     * Each parameter keeps its own momentum under its new name after an interpolation. The oracle
     * does not use the renaming: every momentum array is first filled with its own parameter's
     * values, so afterwards the state found under a parameter's new name must equal that
     * parameter's values (and new parameters must have none).
     */
    @Test
    void optimizerStateFollowsEachParameterThroughInterpolation() {
        ResNet net = family(1, 1, 1).build();
        NamedSgd sgd = NamedSgd.builder().momentum(0.9).build();
        Set<Parameter> before = Collections.newSetFromMap(new IdentityHashMap<>());
        int[] checked = {0, 0};
        TrainingStrategy probe = new TrainingStrategy() {
            @Override
            public String describe() {
                return "probe";
            }

            @Override
            public void run(TrainingContext ctx) {
                ctx.runPhase(Phase.builder("p", net).optimizer(sgd).epochs(1).build());
                for (var e : ctx.names(null).entrySet()) {
                    if (sgd.state().slot(e.getValue(), 0) != null) {
                        NativeArrays.copyInto(e.getKey().getArray(), sgd.state().slot(e.getValue(), 0));
                        before.add(e.getKey());
                    }
                }
                ctx.restructure(() -> net.interpolate(ctx.manager()));
                for (var e : ctx.names(null).entrySet()) {
                    NDArray state = sgd.state().slot(e.getValue(), 0);
                    if (before.contains(e.getKey())) {
                        assertArrayEquals(e.getKey().getArray().toFloatArray(), state.toFloatArray(), e.getValue());
                        checked[0]++;
                    } else if (!ParameterCount.isRunningStatistic(e.getKey())) {
                        assertEquals(null, state, "a new parameter starts without momentum: " + e.getValue());
                        checked[1]++;
                    }
                }
            }
        };
        ResGrow.train(net, new Shape(1, 8, 8))
                .on(DATA)
                .strategy(probe)
                .batchSize(50)
                .seed(3)
                .devices(Device.cpu())
                .quiet()
                .fit();
        assertTrue(checked[0] > 10 && checked[1] > 10, "checked " + checked[0] + " kept, " + checked[1] + " new");
    }
}
