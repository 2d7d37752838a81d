package io.resgrow.strategies.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import io.resgrow.core.ResGrow;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.network.GrowingNetwork;
import io.resgrow.core.network.Partition;
import io.resgrow.core.stop.PhaseProgress;
import io.resgrow.core.stop.SlopeCriterion;
import io.resgrow.core.stop.StoppingRule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LookAheadIncrementalTest {

    private static final ArraySource DATA = ArraySource.blobs(120, 4, 1, 8, 1.5, 21);

    static GrowingNetwork resnet() {
        return new ResNetBuilder()
                .blocks(1, 1, 1)
                .widths(4, 8, 16)
                .inputChannels(1)
                .classes(4)
                .buildGrowing(new Shape(1, 8, 8));
    }

    static LookAheadIncremental.Builder quick() {
        return LookAheadIncremental.builder()
                .window(2)
                .maxEpochsPerStage(2)
                .lookAheadEpochs(1)
                .learningRate(1e-3)
                .batchSize(20);
    }

    static TrainingReport train(GrowingNetwork net, LookAheadIncremental strategy, RunListener... listeners) {
        var run = ResGrow.train(net, new Shape(1, 8, 8))
                .on(DATA, DATA)
                .test(DATA)
                .strategy(strategy)
                .batchSize(20)
                .seed(5)
                .devices(Device.cpu())
                .quiet();
        for (RunListener l : listeners) {
            run.listener(l);
        }
        return run.fit();
    }

    private static PhaseProgress accuracies(double... a) {
        List<Double> list = new ArrayList<>();
        for (double v : a) {
            list.add(v);
        }
        return new PhaseProgress(a.length, list, 0, 0, a.length);
    }

    @Test
    void theSlopeCriterionFiresWhereHandComputationSays() {
        // window 3, gamma 0.5. Windows: [.10 .20 .30] slope 0.1, angle atan(0.1) = 0.09967;
        // [.35 .40 .45] slope 0.05, angle 0.04996 > 0.5 * 0.09967 = 0.04983: no growth at epoch 6;
        // [.46 .47 .48] slope 0.01, angle 0.0099997 <= 0.5 * 0.04996 = 0.02498: grow at epoch 9.
        SlopeCriterion c = new SlopeCriterion(3, 0.5);
        double[] curve = {0.10, 0.20, 0.30, 0.35, 0.40, 0.45, 0.46, 0.47, 0.48};
        List<Integer> fired = new ArrayList<>();
        for (int n = 1; n <= curve.length; n++) {
            if (c.shouldStop(accuracies(Arrays.copyOf(curve, n)))) {
                fired.add(n);
            }
        }
        assertEquals(List.of(9), fired);
        assertEquals(Math.atan(0.05), SlopeCriterion.angle(List.of(0.35, 0.40, 0.45)), 1e-12);
    }

    @Test
    void growsSubNetworkBySubNetworkWithALookAheadBeforeEachJointStage() {
        GrowingNetwork net = resnet();
        assertEquals(3, net.subNetworks().size());
        TrainingReport r = train(net, quick().build());
        List<String> phases = r.events().stream()
                .filter(e -> e.type().equals("phase-start"))
                .map(RunEvent::detail)
                .toList();
        assertEquals(List.of("stage-1", "lookahead-2", "stage-2", "lookahead-3", "stage-3"), phases);
        // every stage runs to its cap of 2 epochs (the slope needs 2 windows of 2), every look-ahead 1
        assertEquals(
                List.of("stage-1", "stage-1", "lookahead-2", "stage-2", "stage-2", "lookahead-3", "stage-3", "stage-3"),
                r.epochs().stream().map(e -> e.phase()).toList());
        assertEquals(3, net.grown());
        assertEquals(
                2, r.events().stream().filter(e -> e.type().equals("insert")).count());
        ValueAdded table = ValueAdded.of(r);
        assertEquals(3, table.rows().size());
        assertTrue(table.rows().stream().allMatch(v -> v.parametersAdded() > 0 && v.macsAdded() > 0), table.toString());
        assertTrue(Double.isNaN(table.rows().get(0).accuracyBefore()));
        assertFalse(Double.isNaN(table.rows().get(1).accuracyAfterLookAhead()));
        assertEquals(table.rows().get(0).accuracyEnd(), table.rows().get(1).accuracyBefore());
        long parameters = r.epochs().get(r.epochs().size() - 1).parameters();
        assertEquals(
                parameters,
                table.rows().stream()
                        .mapToLong(SubNetworkValue::parametersAdded)
                        .sum());
        assertTrue(table.toString().contains("S3"), table.toString());
        assertTrue(r.testAccuracy() > 0.35, "above chance (0.25): " + r.testAccuracy());
    }

    @Test
    void lookAheadLeavesTheEarlierSubNetworksBitEqualStatisticsIncluded() {
        GrowingNetwork net = resnet();
        Map<String, float[]> atStart = new HashMap<>();
        List<String> changed = new ArrayList<>();
        int[] checked = new int[1];
        train(net, quick().build(), new RunListener() {
            @Override
            public void onEvent(RunEvent e) {
                if (!e.detail().startsWith("lookahead-")) {
                    return;
                }
                int frozen = Integer.parseInt(e.detail().replaceAll("lookahead-(\\d+).*", "$1")) - 1;
                for (int i = 0; i < frozen; i++) {
                    for (Pair<String, Parameter> p : net.subNetworks().get(i).getParameters()) {
                        String key = i + "/" + p.getKey();
                        float[] now = p.getValue().getArray().toFloatArray();
                        if (e.type().equals("phase-start")) {
                            atStart.put(key, now);
                        } else if (e.type().equals("phase-end")) {
                            checked[0]++;
                            if (!Arrays.equals(atStart.get(key), now)) {
                                changed.add(e.detail() + " " + key);
                            }
                        }
                    }
                }
            }
        });
        assertTrue(checked[0] > 20, "parameters compared: " + checked[0]);
        assertTrue(
                atStart.keySet().stream().anyMatch(k -> k.contains("runningMean")),
                atStart.keySet().toString());
        assertEquals(List.of(), changed);
    }

    @Test
    void randomInitTrainsEverythingAtOnceWithoutLookAhead() {
        TrainingReport r =
                train(resnet(), quick().init(LookAheadIncremental.Init.RANDOM).build());
        List<String> phases = r.events().stream()
                .filter(e -> e.type().equals("phase-start"))
                .map(RunEvent::detail)
                .toList();
        assertEquals(List.of("stage-1", "stage-2", "stage-3"), phases);
        assertTrue(ValueAdded.of(r).rows().stream().allMatch(v -> Double.isNaN(v.accuracyAfterLookAhead())));
    }

    @Test
    void aFinalStopRuleReplacesTheStageCapInTheLastStage() {
        TrainingReport r =
                train(resnet(), quick().finalStop(StoppingRule.epochs(3)).build());
        assertEquals(
                3, r.epochs().stream().filter(e -> e.phase().equals("stage-3")).count());
        assertEquals(
                2, r.epochs().stream().filter(e -> e.phase().equals("stage-2")).count());
    }

    @Test
    void aGrowthRuleCanKeepTheNetworkSmaller() {
        GrowingNetwork net = resnet();
        TrainingReport r =
                train(net, quick().growthRule(soFar -> soFar.size() == 2).build());
        assertEquals(2, net.grown());
        assertEquals(2, ValueAdded.of(r).rows().size());
        assertTrue(r.events().stream().anyMatch(e -> e.type().equals("growth-stopped")));
    }

    @Test
    void aUsersOwnSequentialNetworkGrows() {
        List<Block> layers = List.of(
                Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .setFilters(4)
                        .build(),
                Activation.reluBlock(),
                Pool.maxPool2dBlock(new Shape(2, 2)),
                Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .setFilters(8)
                        .build(),
                Activation.reluBlock());
        GrowingNetwork net = new GrowingNetwork(
                Partition.byWidth(layers, new Shape(1, 1, 8, 8)),
                () -> new SequentialBlock()
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(4).build()),
                1);
        TrainingReport r = train(net, quick().build());
        assertEquals(2, net.grown());
        assertEquals(2, ValueAdded.of(r).rows().size());
    }
}
