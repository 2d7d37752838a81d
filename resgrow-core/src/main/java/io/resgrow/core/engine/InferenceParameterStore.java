package io.resgrow.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;

/**
 * A parameter store for inference that hands out every parameter where its block asks for it: the
 * parameter's own array when it lives on that device (a placed network: each residual function
 * runs where its parameters are), else one copy per device, owned by the store's manager and made
 * at first use. DJL's store knows only its manager's device and fails on any other, so it cannot
 * evaluate a network whose blocks run on several devices.
 */
public final class InferenceParameterStore extends ParameterStore {

    private final NDManager manager;
    private final Map<String, NDArray> copies = new HashMap<>();

    /**
     * Creates the store.
     *
     * @param manager the owner of any copy
     */
    public InferenceParameterStore(NDManager manager) {
        super(manager, false);
        this.manager = manager;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        NDArray array = parameter.getArray();
        if (array.getDevice().equals(device)) {
            return array;
        }
        return copies.computeIfAbsent(parameter.getId() + "@" + device, k -> {
            NDArray copy = array.toDevice(device, true);
            copy.attach(manager);
            return copy;
        });
    }
}
