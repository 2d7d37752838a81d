package io.resgrow.strategies.modelparallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.resgrow.core.engine.PlacedParameterStore;
import io.resgrow.core.placement.DeviceList;
import io.resgrow.core.placement.NetworkPlacement;
import io.resgrow.core.placement.PlacementRule;
import io.resgrow.core.placement.Placer;
import io.resgrow.core.placement.TransferCounter;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.Stage;
import io.resgrow.models.multires.Traffic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A placed multi-residual network computes what the unplaced one computes: outputs and every
 * gradient within 1e-5, with the functions of each block on two logical devices ({@code cpu,cpu}),
 * each parameter used in place, and the activation transfers {@code TransferPlan} predicts.
 */
class RoutingTest {

    private static final Shape INPUT = new Shape(6, 1, 8, 8);

    @Test
    void placedOutputsAndGradientsEqualTheUnplacedNetworksAndTransfersMatchThePlan() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet plain = PlacedNets.multires(3);
            ResNet placed = PlacedNets.multires(3);
            plain.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            placed.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            Stage.copyParameters(plain, placed);
            TransferCounter counter = new TransferCounter();
            NetworkPlacement p = Placer.place(
                    placed,
                    new Shape(1, 1, 8, 8),
                    DeviceList.parse("devices", "cpu,cpu", 1, "groups"),
                    2,
                    PlacementRule.roundRobin(),
                    counter,
                    d -> m);
            assertEquals(9, p.functions().size());
            Engine.getInstance().setRandomSeed(11);
            NDArray x = m.randomNormal(INPUT);
            NDArray weights = m.randomNormal(new Shape(6, 4));
            NDArray yPlain = outputAndBackward(plain, new ParameterStore(m, false), x, weights);
            List<NDArray> before = placed.getParameters().values().stream()
                    .map(Parameter::getArray)
                    .toList();
            NDArray yPlaced = outputAndBackward(placed, new PlacedParameterStore(m), x, weights);
            assertTrue(maxAbs(yPlain, yPlaced) < 1e-5, "outputs differ by " + maxAbs(yPlain, yPlaced));
            List<Parameter> a = plain.getParameters().values();
            List<Parameter> b = placed.getParameters().values();
            for (int i = 0; i < a.size(); i++) {
                assertSame(before.get(i), b.get(i).getArray(), "a parameter is used in place, never copied");
                if (a.get(i).requiresGradient()) {
                    double d = maxAbs(
                            a.get(i).getArray().getGradient(),
                            b.get(i).getArray().getGradient());
                    assertTrue(d < 1e-5, a.get(i).getName() + ": gradients differ by " + d);
                }
            }
            // every block holds functions on both slots: its input out, a partial sum back, and the
            // gradients of both in the backward pass, as the shape-only plan says
            var plan = Traffic.perStep(placed, new Shape(1, 8, 8), 2, 6);
            assertEquals(12, plan.transfers());
            assertEquals(plan.transfers(), counter.transfers());
            assertEquals(plan.bytes(), counter.bytes());
        }
    }

    private static NDArray outputAndBackward(ResNet net, ParameterStore store, NDArray x, NDArray weights) {
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray y = net.forward(store, new NDList(x), true).head();
            c.backward(y.mul(weights).sum());
            return y;
        }
    }

    private static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
