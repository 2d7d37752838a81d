package io.resgrow.strategies.partitioned;

import static io.resgrow.strategies.partitioned.PartitionedStrategy.Stage.BRANCHES;
import static io.resgrow.strategies.partitioned.PartitionedStrategy.Stage.FINE_TUNE;
import static io.resgrow.strategies.partitioned.PartitionedStrategy.Stage.HEAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.models.monolith.MonolithNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionedStrategyTest {

    static final ArraySource DATA = ArraySource.blobs(96, 4, 1, 8, 1.0, 21);
    static final ArraySource VALIDATION = ArraySource.blobs(40, 4, 1, 8, 1.0, 22);

    static PartitionedStrategy.Builder quick() {
        return PartitionedStrategy.builder()
                .stageEpochs(2, 2, 1)
                .learningRate(BRANCHES, 0.05)
                .learningRate(HEAD, 0.1)
                .learningRate(FINE_TUNE, 1e-3)
                .batchSize(BRANCHES, 16)
                .batchSize(HEAD, 16)
                .batchSize(FINE_TUNE, 16)
                .subsetFraction(0.5);
    }

    static MonolithNet monolith() {
        return new MonolithNet(2, 10, 1, 4, 1, 4);
    }

    static RunBuilder run(Block net, BatchSource train, PartitionedStrategy strategy, RunListener... listeners) {
        RunBuilder run = ResGrow.train(net, new Shape(1, 8, 8))
                .on(train, VALIDATION)
                .test(VALIDATION)
                .strategy(strategy)
                .seed(5)
                .devices(Device.cpu())
                .quiet();
        for (RunListener l : listeners) {
            run.listener(l);
        }
        return run;
    }

    static TrainingReport train(Block net, PartitionedStrategy strategy, RunListener... listeners) {
        return run(net, DATA, strategy, listeners).fit();
    }

    /** Every parameter (running statistics included) of some parts, keyed part/name. */
    static Map<String, float[]> values(Map<String, Block> parts) {
        Map<String, float[]> out = new HashMap<>();
        parts.forEach((name, block) -> {
            for (Pair<String, Parameter> p : block.getParameters()) {
                out.put(name + "/" + p.getKey(), p.getValue().getArray().toFloatArray());
            }
        });
        return out;
    }

    /** The parts whose values differ. */
    static Set<String> changedParts(Map<String, float[]> before, Map<String, float[]> after) {
        Set<String> changed = new TreeSet<>();
        before.forEach((k, v) -> {
            if (!Arrays.equals(v, after.get(k))) {
                changed.add(k.substring(0, k.indexOf('/')));
            }
        });
        return changed;
    }

    static Map<String, Block> parts(List<Block> branches, Block fusion) {
        Map<String, Block> parts = new HashMap<>();
        for (int i = 0; i < branches.size(); i++) {
            parts.put("branch-" + (i + 1), branches.get(i));
        }
        parts.put("fusion", fusion);
        return parts;
    }

    /** Calls back at every phase's start and end with the phase's name. */
    static RunListener atPhaseEdges(Consumer<RunEvent> callback) {
        return new RunListener() {
            @Override
            public void onEvent(RunEvent e) {
                if (e.type().equals("phase-start") || e.type().equals("phase-end")) {
                    callback.accept(e);
                }
            }
        };
    }

    static String phaseName(RunEvent e) {
        return e.type().equals("phase-start")
                ? e.detail()
                : e.detail().substring(0, e.detail().indexOf(':'));
    }

    @Test
    void stageOneTrainsOnlyTheActiveBranchAndNeverRunsTheOthers() {
        SideBySide net = new SideBySide(2, 4);
        Map<String, Block> parts = parts(net.branches(), net.fusion());
        Map<String, float[]> atStart = new HashMap<>();
        long[] callsAtStart = new long[2];
        Map<String, String> seen = new HashMap<>();
        train(net, quick().build(), atPhaseEdges(e -> {
            String phase = phaseName(e);
            if (!phase.startsWith("branch-")) {
                return;
            }
            if (e.type().equals("phase-start")) {
                atStart.clear();
                atStart.putAll(values(parts));
                for (int i = 0; i < 2; i++) {
                    callsAtStart[i] = net.counters().get(i).calls();
                }
                return;
            }
            List<String> ran = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                if (net.counters().get(i).calls() > callsAtStart[i]) {
                    ran.add("branch-" + (i + 1));
                }
            }
            seen.put(phase, "ran " + ran + ", changed " + changedParts(atStart, values(parts)));
        }));
        assertEquals(
                Map.of(
                        "branch-1",
                        "ran [branch-1], changed [branch-1]",
                        "branch-2",
                        "ran [branch-2], changed [branch-2]"),
                seen);
    }

    @ParameterizedTest(name = "cached features: {0}")
    @ValueSource(booleans = {true, false})
    void stageTwoChangesNoBranchParameterOrStatistic(boolean cache) {
        MonolithNet net = monolith();
        Map<String, Block> parts = parts(net.branches(), net.fusion());
        Map<String, float[]> atStart = new HashMap<>();
        List<Set<String>> changed = new ArrayList<>();
        TrainingReport r = train(net, quick().cacheFeatures(cache).build(), atPhaseEdges(e -> {
            if (!phaseName(e).equals("head")) {
                return;
            }
            if (e.type().equals("phase-start")) {
                atStart.putAll(values(parts));
            } else {
                changed.add(changedParts(atStart, values(parts)));
            }
        }));
        assertTrue(atStart.keySet().stream().anyMatch(k -> k.startsWith("branch-1/") && k.contains("runningMean")));
        assertEquals(List.of(Set.of("fusion")), changed);
        assertTrue(r.events().stream()
                .anyMatch(e -> e.type().equals(PartitionedStrategy.STAGE)
                        && e.detail().endsWith(cache ? "features cached" : "features recomputed")));
    }

    @Test
    void anEpochOfOneOfTwoBranchesCountsHalfAnEpochOfTheNetworkAndTheHeadsAWholeOne() {
        TrainingReport r = train(monolith(), quick().stageEpochs(1, 1, 1).build());
        Map<String, Double> shares = new TreeMap<>();
        r.epochs().forEach(e -> shares.put(e.phase(), e.epochShare()));
        assertEquals(Map.of("branch-1", 0.5, "branch-2", 0.5, "head", 1.0, "fine-tune", 1.0), shares);
    }

    @Test
    void cachedFeaturesTrainTheSameHeadAsRecomputedOnes() {
        float[][] heads = new float[2][];
        for (int i = 0; i < 2; i++) {
            MonolithNet net = monolith();
            train(net, quick().stageEpochs(1, 3, 0).cacheFeatures(i == 0).build());
            heads[i] = flat(values(Map.of("fusion", net.fusion())));
        }
        assertEquals(heads[0].length, heads[1].length);
        double worst = 0;
        for (int j = 0; j < heads[0].length; j++) {
            worst = Math.max(worst, Math.abs(heads[0][j] - heads[1][j]));
        }
        assertTrue(worst < 1e-5, "cached and recomputed heads differ by " + worst);
    }

    /**
     * On this CPU-only machine the host is the training device, so offloading must move nothing
     * and change nothing: the same network bit for bit, with an event per branch switch that says
     * so. (The copy a move makes is tested in core's ParameterMovesTest.)
     */
    @Test
    void offloadingOnTheHostMovesNothingAndChangesNothing() {
        float[][] nets = new float[2][];
        TrainingReport offloaded = null;
        for (int i = 0; i < 2; i++) {
            MonolithNet net = monolith();
            TrainingReport r = train(
                    net,
                    quick().stageEpochs(1, 1, 1).offloadInactiveBranches(i == 1).build());
            nets[i] = flat(values(parts(net.branches(), net.fusion())));
            offloaded = r;
        }
        assertTrue(Arrays.equals(nets[0], nets[1]), "offloading changed the trained network");
        List<RunEvent> moves = offloaded.events().stream()
                .filter(e -> e.type().equals("offload"))
                .toList();
        assertEquals(
                List.of(1, 2, 0),
                moves.stream()
                        .map(e -> ((Number) e.data().get("branch")).intValue())
                        .toList(),
                "one placement before each branch and one before stage 2");
        for (RunEvent e : moves) {
            assertEquals(0L, ((Number) e.data().get("toHost")).longValue());
            assertTrue(e.detail().startsWith("nothing to offload"), e.detail());
        }
    }

    private static float[] flat(Map<String, float[]> values) {
        List<String> keys = new ArrayList<>(new TreeSet<>(values.keySet()));
        int n = keys.stream().mapToInt(k -> values.get(k).length).sum();
        float[] out = new float[n];
        int at = 0;
        for (String k : keys) {
            System.arraycopy(values.get(k), 0, out, at, values.get(k).length);
            at += values.get(k).length;
        }
        return out;
    }

    /** Training data that records which samples each branch phase reads. */
    private static final class Recording implements BatchSource {
        final Map<String, Set<Integer>> read = new HashMap<>();
        Set<Integer> current;

        RunListener listener() {
            return atPhaseEdges(
                    e -> current = e.type().equals("phase-start") && e.detail().startsWith("branch-")
                            ? read.computeIfAbsent(e.detail(), k -> new TreeSet<>())
                            : null);
        }

        @Override
        public int count() {
            return DATA.count();
        }

        @Override
        public int classes() {
            return DATA.classes();
        }

        @Override
        public int label(int index) {
            return DATA.label(index);
        }

        @Override
        public HostBatch batch(int[] indices) {
            if (current != null) {
                Arrays.stream(indices).forEach(current::add);
            }
            return DATA.batch(indices);
        }
    }

    private static Map<String, Set<Integer>> subsetsRead(PartitionedStrategy strategy, long seed) {
        Recording data = new Recording();
        run(new SideBySide(2, 4), data, strategy, data.listener()).seed(seed).fit();
        return data.read;
    }

    @Test
    void eachBranchReadsItsOwnSeededSubsetDisjointWhenAsked() {
        // 38 samples in 2 whole batches of 19 (an epoch leaves out a last partial batch)
        PartitionedStrategy disjoint = quick().stageEpochs(1, 1, 0)
                .batchSize(BRANCHES, 19)
                .subsetFraction(0.4)
                .disjointSubsets(true)
                .build();
        Map<String, Set<Integer>> read = subsetsRead(disjoint, 5);
        assertEquals(Set.of("branch-1", "branch-2"), read.keySet());
        Set<Integer> a = read.get("branch-1");
        Set<Integer> b = read.get("branch-2");
        assertEquals(38, a.size());
        assertEquals(38, b.size());
        assertTrue(a.stream().noneMatch(b::contains), "disjoint subsets share samples");
        assertEquals(read, subsetsRead(disjoint, 5), "the same seed must draw the same subsets");
        assertNotEquals(read, subsetsRead(disjoint, 6), "another seed should draw other subsets");

        Map<String, Set<Integer>> overlapping =
                subsetsRead(quick().stageEpochs(1, 1, 0).build(), 5);
        assertEquals(48, overlapping.get("branch-1").size());
        assertNotEquals(overlapping.get("branch-1"), overlapping.get("branch-2"));
    }

    @Test
    void byDefaultEveryBranchReadsAllTheTrainingDataOrItsKthWhenDisjoint() {
        PartitionedStrategy.Builder b = PartitionedStrategy.builder()
                .stageEpochs(1, 1, 0)
                .batchSize(BRANCHES, 16)
                .batchSize(HEAD, 16);
        Map<String, Set<Integer>> read = subsetsRead(b.build(), 5);
        assertEquals(96, read.get("branch-1").size(), "96 samples, 6 whole batches of 16");
        assertEquals(96, read.get("branch-2").size());
        Map<String, Set<Integer>> halves = subsetsRead(b.disjointSubsets(true).build(), 5);
        assertEquals(48, halves.get("branch-1").size(), "2 disjoint branches: 48 each");
        assertEquals(48, halves.get("branch-2").size());
        assertTrue(halves.get("branch-1").stream().noneMatch(halves.get("branch-2")::contains));
    }

    @Test
    void aUserDefinedBranchedNetworkTrainsAndItsCheckpointsHoldNoProxyHead(@TempDir Path dir) throws Exception {
        SideBySide net = new SideBySide(2, 4);
        TrainingReport r = run(net, DATA, quick().build()).checkpoints(dir).fit();
        PartitionedTable table = PartitionedTable.of(r);
        assertEquals(
                List.of(1, 1, 2, 3), table.rows().stream().map(StageRow::stage).toList());
        assertEquals(
                List.of(2, 2, 2, 1), table.rows().stream().map(StageRow::epochs).toList());
        assertEquals(
                List.of(48, 48, 96, 96),
                table.rows().stream().map(StageRow::samples).toList());
        assertTrue(table.rows().stream().allMatch(row -> row.accuracy() >= 0 && row.flops() > 0), table.toString());
        assertTrue(r.testAccuracy() > 0.5, table.toString());
        assertEquals(ParameterCount.learnable(net), r.parameters(), "the proxy heads must be gone");
        assertEquals(
                List.of("1/1", "1/2", "2/0", "3/0"),
                r.events().stream()
                        .filter(e -> e.type().equals(PartitionedStrategy.STAGE))
                        .map(e -> e.data().get("stage") + "/" + e.data().get("branch"))
                        .toList());
        assertEquals(
                2,
                r.events().stream()
                        .filter(e -> e.type().equals("proxy-dropped"))
                        .count());
        String printed = table.toString();
        assertTrue(
                printed.contains("branch 2") && printed.contains("head") && printed.contains("test accuracy"), printed);
        try (CheckpointStore store = new CheckpointStore(dir, 2);
                NDManager m = NDManager.newBaseManager()) {
            List<String> names = store.loadLatest(m).orElseThrow().params().stream()
                    .map(NDArray::getName)
                    .toList();
            assertFalse(names.isEmpty());
            assertTrue(names.stream().allMatch(n -> n.startsWith("net/")), names.toString());
        }
    }

    @Test
    void scaleEpochsShrinksTheStagesButTheHeadsCapAndKeepsASkippedFineTuneSkipped() {
        // the head ends at its validation plateau: its cap (the paper's 40) stays
        PartitionedStrategy s = PartitionedStrategy.builder().scaleEpochs(0.1).build();
        assertEquals(
                4,
                PartitionedStrategy.builder()
                        .headPatience(0)
                        .scaleEpochs(0.1)
                        .build()
                        .plan(HEAD)
                        .epochs(),
                "a head of fixed epochs is scaled");
        assertEquals(
                List.of(20, 40, 3),
                List.of(
                        s.plan(BRANCHES).epochs(),
                        s.plan(HEAD).epochs(),
                        s.plan(FINE_TUNE).epochs()));
        StagePlan branches = s.plan(BRANCHES);
        assertEquals(0.1, branches.rate(5, 0, 1), 1e-12);
        assertEquals(0.1 * 0.2, branches.rate(6, 0, 1), 1e-12);
        assertEquals(0.1 * 0.2 * 0.2 * 0.2, branches.rate(16, 0, 1), 1e-12);
        assertEquals(
                0,
                PartitionedStrategy.builder()
                        .epochs(FINE_TUNE, 0)
                        .scaleEpochs(0.5)
                        .build()
                        .plan(FINE_TUNE)
                        .epochs());
    }
}
