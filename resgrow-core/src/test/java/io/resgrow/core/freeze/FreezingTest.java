package io.resgrow.core.freeze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.resgrow.core.Phase;
import io.resgrow.core.ResGrow;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreezingTest {

    private static List<float[]> values(Block block) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void frozenPartGetsNoUpdateNoDecayNoMomentumAndKeepsBatchNormStatistics() {
        SequentialBlock net = TinyNets.convNet(4);
        Block features = net.getChildren().get(0).getValue();
        Block head = net.getChildren().get(2).getValue();
        ArraySource data = ArraySource.blobs(256, 4, 2, 6, 1.0, 3);
        List<float[]> featuresBefore = new ArrayList<>();
        List<float[]> headBefore = new ArrayList<>();
        TrainingStrategy headOnly = new TrainingStrategy() {
            @Override
            public String describe() {
                return "head-only";
            }

            @Override
            public void run(TrainingContext ctx) {
                featuresBefore.addAll(values(features));
                headBefore.addAll(values(head));
                ctx.runPhase(Phase.builder("head", ctx.network())
                        .freeze(features)
                        .epochs(2)
                        .build());
            }
        };
        ResGrow.train(net, new Shape(2, 6, 6))
                .on(data)
                .strategy(headOnly)
                .optimizer(NamedSgd.builder().momentum(0.9).weightDecay(0.1).build())
                .batchSize(32)
                .devices(Device.cpu())
                .quiet()
                .fit();
        List<float[]> featuresAfter = values(features);
        for (int i = 0; i < featuresBefore.size(); i++) {
            // includes BatchNorm's running mean and variance
            assertArrayEquals(featuresBefore.get(i), featuresAfter.get(i), 0f, "features param " + i);
        }
        List<float[]> headAfter = values(head);
        boolean changed = false;
        for (int i = 0; i < headBefore.size(); i++) {
            changed |= !Arrays.equals(headBefore.get(i), headAfter.get(i));
        }
        assertTrue(changed, "the head trained");
    }

    @Test
    void frozenPrefixDoesNoBackwardWork() {
        SequentialBlock frozenNet = TinyNets.convNet(4);
        SequentialBlock trainableNet = TinyNets.convNet(4);
        try (NDManager m = NDManager.newBaseManager()) {
            frozenNet.initialize(m, DataType.FLOAT32, new Shape(2, 2, 6, 6));
            trainableNet.initialize(m, DataType.FLOAT32, new Shape(2, 2, 6, 6));
            Freezer.freeze(frozenNet.getChildren().get(0).getValue());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(2, 2, 6, 6));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray trainableOut = trainableNet
                        .getChildren()
                        .get(0)
                        .getValue()
                        .forward(ps, new NDList(x), true)
                        .head();
                gc.backward(trainableOut.sum());
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray frozenOut = frozenNet
                        .getChildren()
                        .get(0)
                        .getValue()
                        .forward(ps, new NDList(x), true)
                        .head();
                // no autograd graph was recorded for the frozen part, so there is nothing to run
                // backward through: torch refuses ("does not require grad")
                RuntimeException e = assertThrows(RuntimeException.class, () -> gc.backward(frozenOut.sum()));
                assertTrue(e.getMessage().contains("require"), e.getMessage());
            }
        }
    }

    @Test
    void unfreezingLeavesRunningStatisticsWithoutGradient() {
        SequentialBlock net = TinyNets.convNet(4);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 2, 6, 6));
            Freezer.freeze(net);
            Freezer.unfreeze(net);
            for (Parameter p : net.getParameters().values()) {
                boolean stat = p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
                assertTrue(stat != p.requiresGradient(), p.getName());
            }
        }
    }

    @Test
    void freezingABatchNormOutsideAFreezableBlockIsRefusedWithTheFix() {
        BatchNorm bn = BatchNorm.builder().build();
        SequentialBlock net = new SequentialBlock().add(bn).add(TinyNets.mlp(4, 2));
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 2, 3, 3));
            Freezer.freeze(bn);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Freezer.verify(net));
            assertTrue(e.getMessage().contains("FreezableBlock.wrap"), e.getMessage());
        }
    }
}
