package io.resgrow.strategies.incremental;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.network.GrowingNetwork;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.optim.NamedSgd;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a growth with look-ahead does to the parts of the network and to the optimizer's state,
 * watched from outside at every phase boundary: during look-ahead the earlier sub-network is frozen
 * (no update, no step counted, its BatchNorm statistics unchanged); afterwards it trains again with
 * batch statistics and its optimizer state goes on from where it stopped; the new sub-network and
 * classifier start with no state; the replaced classifier's state is gone.
 */
class LookAheadStateTest {

    /** The optimizer's state and S1's BatchNorm statistics at one moment. */
    private record Snapshot(Map<String, Long> steps, float[] s1Momentum, float[] s1RunningMean) {}

    @Test
    void aGrowthFreezesThenResumesTheOldPartsAndStartsTheNewOnesFresh() {
        GrowingNetwork net = LookAheadIncrementalTest.resnet();
        NamedOptimizer sgd = NamedSgd.builder().momentum(0.9).build();
        Map<String, Snapshot> at = new LinkedHashMap<>();
        String[] s1Watched = new String[1];
        RunListener watcher = new RunListener() {
            @Override
            public void onEvent(RunEvent e) {
                if (e.type().equals("phase-start") || e.type().equals("phase-end")) {
                    String when = e.type() + " " + e.detail().split(":")[0];
                    at.put(when, snapshot(sgd, net, s1Watched));
                }
            }
        };
        LookAheadIncrementalTest.train(
                net,
                LookAheadIncrementalTest.quick()
                        .optimizer(sgd)
                        .growthRule(values -> values.size() >= 2)
                        .build(),
                watcher);

        Snapshot stage1End = at.get("phase-end stage-1");
        Snapshot lookStart = at.get("phase-start lookahead-2");
        Snapshot lookEnd = at.get("phase-end lookahead-2");
        Snapshot end = at.get("phase-end stage-2");
        assertNotNull(lookStart, "phases seen: " + at.keySet());
        assertNotNull(end, "phases seen: " + at.keySet());

        Set<String> s1 = new HashSet<>(lookStart.steps().keySet());
        Set<String> oldClassifier = new HashSet<>(stage1End.steps().keySet());
        oldClassifier.removeAll(s1);
        assertFalse(oldClassifier.isEmpty(), "stage 1 trained a classifier too");
        assertTrue(s1.stream().allMatch(n -> n.contains("s1")), "after the growth only S1 has state: " + s1);
        // the replaced classifier's state is gone, S1's is kept as it was
        for (String n : s1) {
            assertEquals(stage1End.steps().get(n), lookStart.steps().get(n), n);
        }
        // look-ahead: S1 frozen, no step, no change of its state or BatchNorm statistics
        for (String n : s1) {
            assertEquals(lookStart.steps().get(n), lookEnd.steps().get(n), n + " updated during look-ahead");
        }
        assertArrayEquals(lookStart.s1Momentum(), lookEnd.s1Momentum(), 0f, "S1's momentum during look-ahead");
        assertArrayEquals(lookStart.s1RunningMean(), lookEnd.s1RunningMean(), 0f, "S1's BatchNorm during look-ahead");
        // the new parts (S2 and the new classifier) start with no state: all their steps are look-ahead's
        Set<String> fresh = new HashSet<>(lookEnd.steps().keySet());
        fresh.removeAll(s1);
        assertFalse(fresh.isEmpty());
        long lookAheadSteps =
                fresh.stream().mapToLong(n -> lookEnd.steps().get(n)).max().orElseThrow();
        for (String n : fresh) {
            assertEquals(lookAheadSteps, lookEnd.steps().get(n), n + " started with state");
            assertFalse(oldClassifier.contains(n), n + " is the old classifier's name");
        }
        // the joint stage: S1 trains again, its step count going on from stage 1's, its statistics moving
        long stage2Steps = end.steps().get(fresh.iterator().next()) - lookAheadSteps;
        assertTrue(stage2Steps > 0);
        for (String n : s1) {
            assertEquals(lookEnd.steps().get(n) + stage2Steps, end.steps().get(n), n + " after stage 2");
        }
        assertFalse(
                Arrays.equals(lookEnd.s1RunningMean(), end.s1RunningMean()),
                "S1's BatchNorm statistics move again in stage 2 (training mode)");
    }

    @Test
    void valuesSetOnTheInsertEventAreWhereTheLookAheadStarts() {
        GrowingNetwork net = LookAheadIncrementalTest.resnet();
        Map<String, float[]> set = new LinkedHashMap<>();
        Map<String, float[]> atLookAhead = new LinkedHashMap<>();
        Map<String, float[]> afterLookAhead = new LinkedHashMap<>();
        RunListener starter = new RunListener() {
            @Override
            public void onEvent(RunEvent e) {
                if (e.type().equals("insert")) {
                    // the new parts' starting values, as a peer would hand them over: half the initialiser's
                    newParts(net).forEach((name, p) -> {
                        float[] v = p.getArray().toFloatArray();
                        for (int i = 0; i < v.length; i++) {
                            v[i] = 0.5f * v[i] + 0.01f;
                        }
                        p.getArray().set(v);
                        set.put(name, v);
                    });
                } else if (e.type().equals("phase-start") && e.detail().equals("lookahead-2")) {
                    newParts(net)
                            .forEach((name, p) ->
                                    atLookAhead.put(name, p.getArray().toFloatArray()));
                } else if (e.type().equals("phase-end") && e.detail().startsWith("lookahead-2")) {
                    newParts(net)
                            .forEach((name, p) ->
                                    afterLookAhead.put(name, p.getArray().toFloatArray()));
                }
            }
        };
        LookAheadIncrementalTest.train(
                net,
                LookAheadIncrementalTest.quick()
                        .growthRule(values -> values.size() >= 2)
                        .build(),
                starter);
        assertFalse(set.isEmpty(), "the insert event came");
        assertEquals(set.keySet(), atLookAhead.keySet());
        for (String name : set.keySet()) {
            assertArrayEquals(set.get(name), atLookAhead.get(name), 0f, name + " was changed before look-ahead");
        }
        assertTrue(
                set.keySet().stream().anyMatch(n -> !Arrays.equals(set.get(n), afterLookAhead.get(n))),
                "look-ahead trained the new parts from the values set");
    }

    /** The learnable parameters of S2 and the current classifier, by name. */
    private static Map<String, Parameter> newParts(GrowingNetwork net) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (var p : net.subNetworks().get(1).getParameters()) {
            if (!ParameterCount.isRunningStatistic(p.getValue())) {
                out.put("s2/" + p.getKey(), p.getValue());
            }
        }
        for (var p : net.classifier().getParameters()) {
            if (!ParameterCount.isRunningStatistic(p.getValue())) {
                out.put("classifier/" + p.getKey(), p.getValue());
            }
        }
        return out;
    }

    private static Snapshot snapshot(NamedOptimizer opt, GrowingNetwork net, String[] s1Watched) {
        Map<String, Long> steps = new HashMap<>();
        for (String n : opt.state().names()) {
            steps.put(n, opt.state().steps(n));
        }
        if (s1Watched[0] == null) {
            s1Watched[0] = steps.keySet().stream()
                    .filter(n -> n.contains("s1") && n.endsWith("weight"))
                    .sorted()
                    .findFirst()
                    .orElse(null);
        }
        float[] momentum = s1Watched[0] == null || !steps.containsKey(s1Watched[0])
                ? new float[0]
                : opt.state().slot(s1Watched[0], 0).toFloatArray();
        Parameter mean = net.subNetworks().get(0).getParameters().values().stream()
                .filter(p -> p.getName().equals("runningMean"))
                .findFirst()
                .orElseThrow();
        return new Snapshot(steps, momentum, mean.getArray().toFloatArray());
    }
}
