package io.resgrow.strategies.modelparallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.engine.PlacedParameterStore;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.optim.NamedParameterServer;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.placement.DeviceList;
import io.resgrow.core.placement.PlacementRule;
import io.resgrow.core.placement.Placer;
import io.resgrow.core.placement.TransferCounter;
import io.resgrow.core.placement.TransferPlan;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.Stage;
import io.resgrow.models.multires.Traffic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hybrid parallelism on four logical devices in two groups: an uneven batch (4 + 3 samples) runs
 * as two data-parallel parts, each model parallel within its group; the update equals one SGD step
 * on the gradients the unplaced network gets from the same two parts, and the second group's
 * replicas carry the updated weights afterwards.
 */
class HybridTest {

    @Test
    void twoGroupsReduceGradientsIntoOneUpdateAndBroadcastIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet plain = PlacedNets.multires(3);
            ResNet placed = PlacedNets.multires(3);
            Shape one = new Shape(1, 1, 8, 8);
            plain.initialize(m, DataType.FLOAT32, one);
            placed.initialize(m, DataType.FLOAT32, one);
            Stage.copyParameters(plain, placed);
            TransferCounter counter = new TransferCounter();
            Placer.place(
                    placed,
                    one,
                    DeviceList.parse("devices", "cpu,cpu,cpu,cpu", 2, "groups"),
                    2,
                    PlacementRule.roundRobin(),
                    counter,
                    d -> m);
            Engine.getInstance().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(7, 1, 8, 8));
            NDArray w = m.randomNormal(new Shape(7, 4));
            List<NDArray> parts = List.of(x.get(new NDIndex("0:4")), x.get(new NDIndex("4:7")));
            List<NDArray> weights = List.of(w.get(new NDIndex("0:4")), w.get(new NDIndex("4:7")));

            // the oracle: the unplaced network, both parts, gradients accumulated, no update
            ParameterStore plainStore = new ParameterStore(m, false);
            for (int g = 0; g < 2; g++) {
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    c.backward(plain.forward(plainStore, new NDList(parts.get(g)), true)
                            .head()
                            .mul(weights.get(g))
                            .sum());
                }
            }

            Map<String, String> idToName = new HashMap<>();
            placed.getParameters().forEach(p -> idToName.put(p.getValue().getId(), p.getKey()));
            PlacedParameterStore store = new PlacedParameterStore(m);
            double lr = 0.5;
            try (NamedParameterServer server = new NamedParameterServer(
                    idToName, NamedSgd.builder().momentum(0).build())) {
                server.setLearningRate(lr);
                store.setParameterServer(server, new Device[] {Device.cpu(), Device.cpu()});
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    for (int g = 0; g < 2; g++) {
                        store.group(g);
                        c.backward(placed.forward(store, new NDList(parts.get(g)), true)
                                .head()
                                .mul(weights.get(g))
                                .sum());
                    }
                }
                store.group(0);
                store.updateAllParameters();
            }
            List<Parameter> a = plain.getParameters().values();
            List<Parameter> b = placed.getParameters().values();
            int checked = 0;
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).requiresGradient()) {
                    continue;
                }
                NDArray expected = a.get(i)
                        .getArray()
                        .sub(a.get(i).getArray().getGradient().mul(lr));
                double d = expected.sub(b.get(i).getArray()).abs().max().getFloat();
                assertTrue(d < 1e-5, a.get(i).getName() + ": the update differs by " + d);
                checked++;
            }
            assertTrue(checked > 20);
            // both groups routed their part: the plan's transfers per group, its bytes for 4 + 3 samples
            TransferPlan plan = Traffic.perStep(placed, new Shape(1, 8, 8), 2, 7);
            assertEquals(2 * plan.transfers(), counter.transfers());
            assertEquals(plan.bytes(), counter.bytes());

            // the replicas of group 1 hold the updated weights: in training mode (batch statistics)
            // both groups compute the same output for the same input
            NDArray z = m.randomNormal(new Shape(5, 1, 8, 8));
            store.group(1);
            NDArray y1 = placed.forward(store, new NDList(z), true).head();
            store.group(0);
            NDArray y0 = placed.forward(store, new NDList(z), true).head();
            assertTrue(y0.sub(y1).abs().max().getFloat() < 1e-6, "group 1 computes with stale weights");
        }
    }

    /**
     * Each group updates BatchNorm's running statistics from its own part of the batch; after the
     * step the parameter and every replica hold their average. Before the update every group's
     * weights are the same, so each group's statistics are those of a lone copy of the network
     * run on that part: the oracle.
     */
    @Test
    void runningStatisticsAreAveragedOverTheGroups() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape one = new Shape(1, 1, 8, 8);
            ResNet placed = PlacedNets.multires(2);
            placed.initialize(m, DataType.FLOAT32, one);
            ResNet[] alone = {PlacedNets.multires(2), PlacedNets.multires(2)};
            Engine.getInstance().setRandomSeed(4);
            NDArray x = m.randomNormal(new Shape(7, 1, 8, 8));
            List<NDArray> parts = List.of(x.get(new NDIndex("0:4")), x.get(new NDIndex("4:7")));
            for (int g = 0; g < 2; g++) {
                alone[g].initialize(m, DataType.FLOAT32, one);
                Stage.copyParameters(placed, alone[g]);
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    c.backward(alone[g].forward(new ParameterStore(m, false), new NDList(parts.get(g)), true)
                            .head()
                            .sum());
                }
            }
            Placer.place(
                    placed,
                    one,
                    DeviceList.parse("devices", "cpu,cpu,cpu,cpu", 2, "groups"),
                    2,
                    PlacementRule.roundRobin(),
                    new TransferCounter(),
                    d -> m);
            Map<String, String> idToName = new HashMap<>();
            placed.getParameters().forEach(p -> idToName.put(p.getValue().getId(), p.getKey()));
            PlacedParameterStore store = new PlacedParameterStore(m);
            try (NamedParameterServer server =
                    new NamedParameterServer(idToName, NamedSgd.builder().build())) {
                server.setLearningRate(0.1);
                store.setParameterServer(server, new Device[] {Device.cpu(), Device.cpu()});
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    for (int g = 0; g < 2; g++) {
                        store.group(g);
                        c.backward(placed.forward(store, new NDList(parts.get(g)), true)
                                .head()
                                .sum());
                    }
                }
                store.group(0);
                store.updateAllParameters();
            }
            List<Parameter> p = placed.getParameters().values();
            int checked = 0;
            for (int i = 0; i < p.size(); i++) {
                if (p.get(i).getType() != Parameter.Type.RUNNING_MEAN
                        && p.get(i).getType() != Parameter.Type.RUNNING_VAR) {
                    continue;
                }
                NDArray expected = alone[0].getParameters()
                        .get(i)
                        .getValue()
                        .getArray()
                        .add(alone[1].getParameters().get(i).getValue().getArray())
                        .div(2);
                double d = expected.sub(p.get(i).getArray()).abs().max().getFloat();
                assertTrue(
                        d < 1e-6, p.get(i).getName() + ": the running statistic differs from the groups' mean by " + d);
                store.group(1);
                NDArray replica = store.getValue(p.get(i), p.get(i).getArray().getDevice(), true);
                assertTrue(
                        replica.sub(p.get(i).getArray()).abs().max().getFloat() == 0,
                        "group 1's replica of " + p.get(i).getName() + " was not refreshed");
                checked++;
            }
            assertTrue(checked >= 12, "running statistics checked: " + checked);
        }
    }

    @Test
    void aHybridRunTrainsOnFourLogicalDevicesInTwoGroups() {
        ResNet net = PlacedNets.multires(2);
        ModelParallelBranches mp = ModelParallelBranches.builder()
                .devices("cpu,cpu,cpu,cpu")
                .groups(2)
                .inner(PlainStrategy.epochs(2))
                .build();
        TrainingReport r = ResGrow.train(net, new Shape(1, 8, 8))
                .on(PlacedNets.DATA, PlacedNets.DATA)
                .strategy(mp)
                .batchSize(15)
                .seed(2)
                .devices(Device.cpu())
                .quiet()
                .fit();
        assertTrue(
                r.epochs().get(1).trainLoss() < r.epochs().get(0).trainLoss(),
                r.epochs().toString());
        assertTrue(
                r.events().stream()
                        .anyMatch(
                                e -> e.type().equals("placement") && e.detail().contains("2 data-parallel groups")),
                r.events().toString());
        assertEquals(2, mp.lastPlacement().homeDevices().length);
    }
}
