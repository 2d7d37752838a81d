package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PhaseTest {

    // 200 samples, batch 25: 8 steps an epoch
    private static final ArraySource DATA = ArraySource.blobs(200, 3, 1, 6, 1.0, 5);

    private static TrainingStrategy single(UnaryOperator<Phase.Builder> settings) {
        return new TrainingStrategy() {
            @Override
            public String describe() {
                return "single";
            }

            @Override
            public void run(TrainingContext ctx) {
                ctx.runPhase(settings.apply(Phase.builder("p", ctx.network())).build());
            }
        };
    }

    private static TrainingReport fit(TrainingStrategy strategy, List<Integer> stepsSeen) {
        Block net = TinyNets.mlp(8, 3);
        return ResGrow.train(net, new Shape(1, 6, 6))
                .on(DATA)
                .strategy(strategy)
                .batchSize(25)
                .devices(Device.cpu())
                .quiet()
                .listener(new RunListener() {
                    @Override
                    public void onStep(StepInfo info) {
                        stepsSeen.add(info.steps());
                    }
                })
                .fit();
    }

    @Test
    void aStepLimitEndsThePhaseInTheMiddleOfAnEpoch() {
        List<Integer> seen = new ArrayList<>();
        long t0 = System.nanoTime();
        TrainingReport r = fit(single(b -> b.steps(12)), seen);
        double wall = (System.nanoTime() - t0) / 1e9;
        assertEquals(12, seen.size(), "optimizer steps run");
        assertEquals(List.of(8, 8, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4), seen, "steps announced per epoch");
        List<EpochRecord> epochs = r.epochs();
        assertEquals(2, epochs.size());
        // FLOPs are counted per sample: the partial epoch adds half of a full one
        double first = epochs.get(0).cumulativeFlops();
        assertEquals(1.5 * first, epochs.get(1).cumulativeFlops(), 1e-6 * first);
        RunEvent end = r.events().stream()
                .filter(e -> e.type().equals("phase-end"))
                .findFirst()
                .orElseThrow();
        assertEquals(12L, ((Number) end.data().get("steps")).longValue());
        assertEquals(2, ((Number) end.data().get("epochs")).intValue());
        // checked against the test's own clock and the step count, not against the records the event is built from
        double seconds = ((Number) end.data().get("seconds")).doubleValue();
        assertTrue(seconds > 0 && seconds <= wall, "phase took " + seconds + " s of a " + wall + " s fit");
        assertEquals(
                12.0 / 8 * first,
                ((Number) end.data().get("flops")).doubleValue(),
                1e-6 * first,
                "12 steps of 25 samples are one and a half 8-step epochs");
    }

    @Test
    void whicheverOfEpochsAndStepsComesFirstEndsThePhase() {
        List<Integer> seen = new ArrayList<>();
        fit(single(b -> b.epochs(5).steps(10)), seen);
        assertEquals(10, seen.size());
        seen.clear();
        fit(single(b -> b.epochs(1).steps(100)), seen);
        assertEquals(8, seen.size());
        seen.clear();
        fit(single(b -> b.steps(16)), seen);
        assertEquals(16, seen.size(), "a limit on an epoch boundary runs whole epochs");
    }

    @Test
    void aPhaseNeedsAStoppingRuleOrAStepLimit() {
        Block net = TinyNets.mlp(4, 3);
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class, () -> Phase.builder("p", net).build());
        assertEquals("stop", e.parameter());
        e = assertThrows(
                InvalidSettingException.class, () -> Phase.builder("p", net).steps(0));
        assertEquals("steps", e.parameter());
        e = assertThrows(
                InvalidSettingException.class,
                () -> new Phase("p", net, List.of(), null, null, null, 0, null, -1, null, 1));
        assertEquals("maxSteps", e.parameter());
        for (double share : new double[] {0, -0.5, 1.5, Double.NaN}) {
            e = assertThrows(
                    InvalidSettingException.class,
                    () -> Phase.builder("p", net).epochs(1).epochShare(share));
            assertEquals("epochShare", e.parameter());
            assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
        }
        e = assertThrows(
                InvalidSettingException.class,
                () -> new Phase("p", net, List.of(), null, null, null, 0, p -> false, 0, null, 0));
        assertEquals("epochShare", e.parameter());
    }

    @Test
    void aDataPathSlowerThanTheStepShowsAsWaitInEveryStepInfo() {
        List<long[]> steps = new ArrayList<>();
        ResGrow.train(TinyNets.mlp(8, 3), new Shape(1, 6, 6))
                .on(DATA)
                .strategy(single(b -> b.epochs(1)))
                .batchSize(25)
                .devices(Device.cpu())
                .quiet()
                .augment((batch, random) -> {
                    try {
                        Thread.sleep(40); // far slower than a step of this tiny network
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .listener(new RunListener() {
                    @Override
                    public void onStep(StepInfo info) {
                        steps.add(new long[] {info.nanos(), info.waitNanos()});
                    }
                })
                .fit();
        assertEquals(8, steps.size());
        int waited = 0;
        for (long[] s : steps) {
            assertTrue(s[1] >= 0 && s[1] <= s[0], "a step's wait lies within the step: " + s[1] + " of " + s[0]);
            waited += s[1] >= 10_000_000L ? 1 : 0;
        }
        // each batch takes 40 ms to prepare, a step about a millisecond: the steps wait for their batches
        assertTrue(waited >= 6, waited + " of 8 steps waited 10 ms or more for a batch prepared in 40 ms");
    }
}
