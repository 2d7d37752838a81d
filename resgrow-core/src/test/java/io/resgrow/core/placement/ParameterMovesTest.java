package io.resgrow.core.placement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.resgrow.core.testing.GcPressure;
import org.junit.jupiter.api.Test;

/**
 * The host has one device here, so {@link ParameterMoves#moveTo} has nothing to move; the copy
 * it makes for another device is {@code relocate}, tested directly: the new array belongs to the
 * target manager and outlives the old owner, values and gradient flags are kept, and the block
 * still trains.
 */
class ParameterMovesTest {

    @Test
    void relocatedParametersBelongToTheTargetAndStillTrain() {
        try (NDManager target = NDManager.newBaseManager()) {
            Linear linear = Linear.builder().setUnits(3).build();
            Parameter weight = linear.getParameters().get("weight");
            float[] before;
            try (NDManager source = NDManager.newBaseManager()) {
                linear.initialize(source, DataType.FLOAT32, new Shape(2, 4));
                before = weight.getArray().toFloatArray();
                for (var p : linear.getParameters()) {
                    ParameterMoves.relocate(p.getValue(), target);
                }
            }
            GcPressure.reclaimAndPoison();
            assertSame(weight, linear.getParameters().get("weight"), "the same Parameter object");
            assertSame(target, weight.getArray().getManager());
            assertArrayEquals(before, weight.getArray().toFloatArray());
            assertTrue(weight.getArray().hasGradient(), "a trainable parameter keeps recording gradients");
            try (NDManager step = target.newSubManager()) {
                NDArray x = step.ones(new Shape(2, 4));
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray y = linear.forward(new ParameterStore(step, false), new NDList(x), true)
                            .head();
                    c.backward(y.sum());
                }
                NDArray g = weight.getArray().getGradient();
                assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, g.toFloatArray());
            }
        }
    }

    @Test
    void frozenParametersStayFrozenAndTheInitializerIsKept() {
        try (NDManager m = NDManager.newBaseManager();
                NDManager target = NDManager.newBaseManager()) {
            Linear linear = Linear.builder().setUnits(3).build();
            linear.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            Parameter bias = linear.getParameters().get("bias");
            bias.freeze(true);
            var initializer = bias.getInitializer();
            ParameterMoves.relocate(bias, target);
            assertTrue(!bias.getArray().hasGradient(), "a frozen parameter does not record gradients");
            assertSame(initializer, bias.getInitializer());
        }
    }

    @Test
    void nothingMovesWhenTheBlockIsAlreadyThere() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear linear = Linear.builder().setUnits(3).build();
            linear.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            NDArray weight = linear.getParameters().get("weight").getArray();
            long bytes = ParameterMoves.bytesOn(linear, Device.cpu());
            assertEquals(0, ParameterMoves.moveTo(linear, m.newSubManager()));
            assertSame(weight, linear.getParameters().get("weight").getArray());
            assertEquals((4 * 3 + 3) * 4, bytes);
            assertNotEquals(0, bytes);
        }
    }
}
