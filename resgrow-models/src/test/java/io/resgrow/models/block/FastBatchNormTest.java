package io.resgrow.models.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** resgrow's batch norm against DJL's own, which computes the same thing through two axis swaps. */
class FastBatchNormTest {

    private static final Shape INPUT = new Shape(4, 3, 5, 5);

    @Test
    void sameParametersOutputsGradientsAndRunningStatisticsAsDjlsBatchNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            FastBatchNorm ours = new FastBatchNorm();
            ai.djl.nn.norm.BatchNorm djl = ai.djl.nn.norm.BatchNorm.builder().build();
            ours.initialize(m, DataType.FLOAT32, INPUT);
            djl.initialize(m, DataType.FLOAT32, INPUT);
            assertEquals(names(djl), names(ours));
            Engine.getInstance().setRandomSeed(5);
            NDArray scale = m.randomNormal(new Shape(3)).add(1);
            ours.getParameters().get("gamma").getArray().set(scale.toFloatArray());
            djl.getParameters().get("gamma").getArray().set(scale.toFloatArray());
            for (int step = 0; step < 3; step++) {
                NDArray x = m.randomNormal(INPUT).mul(step + 1).add(step);
                assertArrayEquals(trainStep(djl, m, x), trainStep(ours, m, x), "output of training step " + step);
                for (String p : List.of("gamma", "beta")) {
                    assertArrayEquals(gradient(djl, p), gradient(ours, p), p + " gradient, step " + step);
                }
                for (String p : List.of("runningMean", "runningVar")) {
                    assertArrayEquals(value(djl, p), value(ours, p), p + " after step " + step);
                }
            }
            NDArray x = m.randomNormal(INPUT);
            assertArrayEquals(infer(djl, m, x), infer(ours, m, x), "inference uses the running statistics alike");
        }
    }

    private static String names(AbstractBlock b) {
        return b.getParameters().values().stream()
                .map(p -> p.getName() + p.getType() + p.getArray().getShape() + p.requiresGradient())
                .collect(Collectors.joining(","));
    }

    private static float[] trainStep(AbstractBlock b, NDManager m, NDArray x) {
        for (Parameter p : b.getParameters().values()) {
            if (p.requiresGradient() && p.getArray().hasGradient()) {
                p.getArray().getGradient().subi(p.getArray().getGradient());
            }
        }
        try (NDManager step = m.newSubManager();
                GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray y = b.forward(new ParameterStore(step, false), new NDList(x), true)
                    .head();
            // a loss that weighs every output differently, so the gradients are not trivially zero
            NDArray w = step.arange((float) y.size()).reshape(y.getShape()).div(y.size());
            c.backward(y.mul(w).sum());
            return y.toFloatArray();
        }
    }

    private static float[] infer(AbstractBlock b, NDManager m, NDArray x) {
        try (NDManager step = m.newSubManager()) {
            return b.forward(new ParameterStore(step, false), new NDList(x), false)
                    .head()
                    .toFloatArray();
        }
    }

    private static float[] gradient(AbstractBlock b, String name) {
        return b.getParameters().get(name).getArray().getGradient().toFloatArray();
    }

    private static float[] value(AbstractBlock b, String name) {
        return b.getParameters().get(name).getArray().toFloatArray();
    }

    @Test
    void freezingItOutsideAFreezableBlockIsRefusedLikeDjlsBatchNorm() {
        FastBatchNorm bn = new FastBatchNorm();
        ai.djl.nn.SequentialBlock net = new ai.djl.nn.SequentialBlock()
                .add(bn)
                .add(ai.djl.nn.core.Linear.builder().setUnits(2).build());
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, INPUT);
            io.resgrow.core.freeze.Freezer.freeze(bn);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> io.resgrow.core.freeze.Freezer.verify(net));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("/01FastBatchNorm"), e.getMessage());
        }
    }

    @Test
    void loadsWhatDjlsBatchNormSavedAndTheOtherWayRound() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ai.djl.nn.norm.BatchNorm djl = ai.djl.nn.norm.BatchNorm.builder().build();
            djl.initialize(m, DataType.FLOAT32, INPUT);
            djl.getParameters().get("runningVar").getArray().set(new float[] {4, 5, 6});
            FastBatchNorm ours = new FastBatchNorm();
            ours.initialize(m, DataType.FLOAT32, INPUT);
            ours.loadParameters(m, new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes(djl))));
            assertArrayEquals(new float[] {4, 5, 6}, value(ours, "runningVar"));
            ours.getParameters().get("beta").getArray().set(new float[] {7, 8, 9});
            ai.djl.nn.norm.BatchNorm back = ai.djl.nn.norm.BatchNorm.builder().build();
            back.initialize(m, DataType.FLOAT32, INPUT);
            back.loadParameters(m, new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes(ours))));
            assertArrayEquals(new float[] {7, 8, 9}, value(back, "beta"));
            assertArrayEquals(new float[] {4, 5, 6}, value(back, "runningVar"));
        }
    }

    private static byte[] bytes(AbstractBlock b) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        b.saveParameters(new java.io.DataOutputStream(out));
        return out.toByteArray();
    }

    @Test
    void survivesASaveAndLoadOfItsParameters() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            FastBatchNorm a = new FastBatchNorm();
            a.initialize(m, DataType.FLOAT32, INPUT);
            a.getParameters().get("runningMean").getArray().set(new float[] {1, 2, 3});
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            a.saveParameters(new java.io.DataOutputStream(bytes));
            FastBatchNorm b = new FastBatchNorm();
            b.initialize(m, DataType.FLOAT32, INPUT);
            b.loadParameters(m, new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            assertArrayEquals(new float[] {1, 2, 3}, value(b, "runningMean"));
            assertEquals(
                    new ArrayList<>(List.of(INPUT)), new ArrayList<>(List.of(b.getOutputShapes(new Shape[] {INPUT}))));
        }
    }
}
