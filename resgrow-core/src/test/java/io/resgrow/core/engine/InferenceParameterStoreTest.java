package io.resgrow.core.engine;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import org.junit.jupiter.api.Test;

/**
 * The evaluation store of a placed network: its manager is on the home device while a residual
 * function's parameters live on another. A manager on {@code gpu(1)} stands for the home device
 * here (no GPU is touched: nothing is allocated on it), the parameter lives on the CPU. (The copy
 * made when a block asks for a parameter on a device where it does not live needs a second real
 * device: not testable here.)
 */
class InferenceParameterStoreTest {

    private static Parameter parameter(NDManager host) {
        Parameter p = Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .build();
        p.setInitializer(new ConstantInitializer(0.5f));
        p.setShape(new Shape(3));
        p.initialize(host, DataType.FLOAT32);
        return p;
    }

    @Test
    void aParameterOnAnotherDeviceThanTheManagersIsUsedWhereItLives() {
        try (NDManager host = NDManager.newBaseManager(Device.cpu());
                NDManager home = NDManager.newBaseManager(Device.gpu(1))) {
            Parameter p = parameter(host);
            // DJL's own store knows only its manager's device
            assertThrows(
                    NullPointerException.class, () -> new ParameterStore(home, false).getValue(p, Device.cpu(), false));
            assertSame(p.getArray(), new InferenceParameterStore(home).getValue(p, Device.cpu(), false));
        }
    }
}
