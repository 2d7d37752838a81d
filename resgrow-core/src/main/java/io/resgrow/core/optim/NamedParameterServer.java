package io.resgrow.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterServer;
import io.resgrow.core.engine.NativeArrays;
import java.util.Map;

/**
 * Plugs a {@link NamedOptimizer} into DJL's {@code ParameterStore}: translates DJL's per-run
 * parameter ids to stable names, sums gradients from all devices on the first one, updates there,
 * copies the new values to the other devices and zeroes the gradients (PyTorch accumulates them).
 */
public final class NamedParameterServer implements ParameterServer {

    private final Map<String, String> idToName;
    private final NamedOptimizer optimizer;
    private double learningRate;

    /**
     * Creates the server.
     *
     * @param idToName DJL parameter id to stable name, for every parameter that may train
     * @param optimizer the optimizer
     */
    public NamedParameterServer(Map<String, String> idToName, NamedOptimizer optimizer) {
        this.idToName = Map.copyOf(idToName);
        this.optimizer = optimizer;
    }

    /**
     * Sets the learning rate of the next updates.
     *
     * @param learningRate the rate
     */
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public void init(String parameterId, NDArray[] value) {}

    @Override
    public void update(String parameterId, NDArray[] grads, NDArray[] params) {
        String name = idToName.get(parameterId);
        if (name == null) {
            throw new IllegalStateException(
                    "parameter " + parameterId + " has no stable name: it was added to the network"
                            + " after the phase started; grow the network between phases");
        }
        Device first = params[0].getDevice();
        for (int i = 1; i < grads.length; i++) {
            try (NDArray copy = grads[i].toDevice(first, true)) {
                grads[0].addi(copy);
            }
        }
        // the first device's gradient is zeroed in the update's own pieces
        optimizer.updateAndZero(name, params[0], grads[0], learningRate);
        for (int i = 1; i < params.length; i++) {
            try (NDArray copy = params[0].toDevice(params[i].getDevice(), true)) {
                NativeArrays.copyInto(copy, params[i]);
            }
        }
        for (int i = 1; i < grads.length; i++) {
            optimizer.zero(grads[i]);
        }
    }

    @Override
    public void close() {
        // nothing of its own: the optimizer keeps the state and the native scalars
    }
}
