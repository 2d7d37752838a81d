package io.resgrow.models.monolith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.freeze.Freezer;
import io.resgrow.models.Nets;
import io.resgrow.models.wrn.WideResNets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MonolithNetTest {

    @Test
    void parametersAreBranchesWithoutClassifiersPlusFusion() {
        try (NDManager m = NDManager.newBaseManager()) {
            long wrn = Nets.init(WideResNets.create(10, 1, 3, 10), m, new Shape(1, 3, 32, 32));
            MonolithNet net = new MonolithNet(2, 10, 1, 16, 3, 10);
            long fusion = 128 * 16 + 16 + 16 * 10 + 10;
            assertEquals(2 * (wrn - 650) + fusion, Nets.init(net, m, new Shape(1, 3, 32, 32)));
            assertEquals(
                    new Shape(4, 10),
                    Nets.infer(net, m, m.randomNormal(new Shape(4, 3, 32, 32))).getShape());
        }
    }

    @Test
    void branchesCanBeFrozenOneByOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            MonolithNet net = new MonolithNet(3, 10, 1, 16, 1, 10);
            long total = Nets.init(net, m, new Shape(1, 1, 16, 16));
            assertEquals(3, net.branches().size());
            long branch = ParameterCount.learnable(net.branches().get(1));
            Freezer.freeze(net.branches().get(1));
            Freezer.verify(net);
            assertEquals(total - branch, ParameterCount.trainable(net));
        }
    }

    /** Found by the one-branch baseline of bench partitioned: DJL's concat of one array cut the gradient. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void everyBranchParameterGetsAGradient(int branches) {
        try (NDManager m = NDManager.newBaseManager()) {
            MonolithNet net = new MonolithNet(branches, 10, 1, 4, 1, 3);
            Nets.init(net, m, new Shape(1, 1, 8, 8));
            NDArray x = m.randomNormal(new Shape(4, 1, 8, 8));
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = net.forward(new ParameterStore(m, false), new NDList(x), true)
                        .head();
                c.backward(y.square().sum());
            }
            int weights = 0;
            for (Pair<String, Parameter> p : net.getParameters()) {
                Parameter param = p.getValue();
                if (param.requiresGradient()
                        && p.getKey().contains("branch")
                        && p.getKey().endsWith("weight")) {
                    weights++;
                    float max = param.getArray().getGradient().abs().max().getFloat();
                    assertTrue(max > 0, p.getKey() + " gets no gradient");
                }
            }
            assertTrue(weights >= 3 * branches, "branch weights seen: " + weights);
        }
    }
}
