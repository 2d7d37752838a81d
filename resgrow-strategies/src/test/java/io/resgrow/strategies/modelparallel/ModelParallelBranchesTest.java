package io.resgrow.strategies.modelparallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.placement.NetworkPlacement;
import io.resgrow.core.placement.TransferPlan;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.multires.Traffic;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A placed run trains what an unplaced run trains (20 steps, same seed, parameters within 1e-5),
 * keeps every parameter and its optimizer state on its slot's device, moves no weight, and makes
 * the activation transfers per step that the shape-only {@link TransferPlan} predicts.
 */
class ModelParallelBranchesTest {

    private static final int BATCH = 10;

    private static RunBuilder run(ResNet net, TrainingStrategy strategy, NamedSgd sgd) {
        return ResGrow.train(net, new Shape(1, 8, 8))
                .on(PlacedNets.DATA, PlacedNets.DATA)
                .strategy(strategy)
                .optimizer(sgd)
                .batchSize(BATCH)
                .seed(9)
                .devices(Device.cpu())
                .quiet();
    }

    private static NamedSgd sgd() {
        return NamedSgd.builder().momentum(0.9).weightDecay(1e-4).build();
    }

    @Test
    void aPlacedNetworkTrainsToTheUnplacedParametersAndKeepsEverythingOnItsSlot() {
        ResNet plain = PlacedNets.multires(4);
        run(plain, PlainStrategy.epochs(1), sgd()).fit();

        ResNet net = PlacedNets.multires(4);
        ModelParallelBranches mp = ModelParallelBranches.builder()
                .devices("cpu,cpu")
                .roundRobin()
                .inner(PlainStrategy.epochs(1))
                .build();
        NamedSgd sgd = sgd();
        StepWatch watch = new StepWatch(mp, net, sgd);
        TrainingReport report = run(net, mp, sgd).listener(watch).fit();

        assertEquals(20, watch.transfers.size(), "200 samples in batches of 10");
        assertTrue(
                PlacedNets.maxDifference(plain, net) < 1e-5,
                "after 20 steps the parameters differ by " + PlacedNets.maxDifference(plain, net));
        TransferPlan plan = Traffic.perStep(net, new Shape(1, 8, 8), 2, BATCH);
        for (int s = 0; s < 20; s++) {
            assertEquals(plan.transfers(), watch.transfers.get(s), "activation transfers in step " + (s + 1));
            assertEquals(plan.bytes(), watch.bytes.get(s), "bytes moved in step " + (s + 1));
        }
        assertEquals(0, watch.replacedArrays, "no parameter array was replaced or copied during the steps");
        assertTrue(watch.checkedState > 0);
        RunEvent placement = report.events().stream()
                .filter(e -> e.type().equals("placement"))
                .findFirst()
                .orElseThrow();
        assertEquals(12, ((List<?>) placement.data().get("functions")).size());
        assertEquals(2, ((List<?>) placement.data().get("macsPerSlot")).size());
    }

    /**
     * Per step: the transfer counter's increase; after the first step, each parameter's slot
     * against the round-robin rule read from the network (function i of any block on slot i mod 2,
     * everything else on the home slot), its optimizer state's device, and whether its array is
     * the one it had at the first step.
     */
    private static final class StepWatch implements RunListener {
        private final ModelParallelBranches mp;
        private final ResNet net;
        private final NamedSgd sgd;
        private final List<Long> transfers = new ArrayList<>();
        private final List<Long> bytes = new ArrayList<>();
        private final Map<Parameter, NDArray> arrays = new IdentityHashMap<>();
        private long lastTransfers;
        private long lastBytes;
        private int replacedArrays;
        private int checkedState;

        StepWatch(ModelParallelBranches mp, ResNet net, NamedSgd sgd) {
            this.mp = mp;
            this.net = net;
            this.sgd = sgd;
        }

        @Override
        public void onStep(StepInfo s) {
            NetworkPlacement p = mp.lastPlacement();
            transfers.add(p.transfers().transfers() - lastTransfers);
            bytes.add(p.transfers().bytes() - lastBytes);
            lastTransfers = p.transfers().transfers();
            lastBytes = p.transfers().bytes();
            Map<Parameter, Integer> function = PlacedNets.functionIndex(net);
            for (Map.Entry<String, Parameter> e : PlacedNets.byName(net).entrySet()) {
                Parameter param = e.getValue();
                NDArray array = param.getArray();
                if (arrays.containsKey(param) && arrays.get(param) != array) {
                    replacedArrays++;
                }
                arrays.putIfAbsent(param, array);
                Integer f = function.get(param);
                int expected = f == null ? 0 : f % 2;
                assertEquals(expected, p.slot(param).index(), e.getKey());
                assertEquals(p.slot(param).device(), array.getDevice(), e.getKey());
                NDArray momentum = sgd.state().slot(e.getKey(), 0);
                if (param.requiresGradient()) {
                    assertNotNull(momentum, "momentum of " + e.getKey());
                    assertEquals(array.getDevice(), momentum.getDevice(), e.getKey());
                    checkedState++;
                }
            }
            assertSame(p, mp.lastPlacement());
        }
    }
}
