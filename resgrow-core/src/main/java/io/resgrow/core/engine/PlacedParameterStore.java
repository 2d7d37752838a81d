package io.resgrow.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterServer;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parameter store for model parallelism: every parameter is used where it lives. DJL's store
 * mirrors each parameter onto every training device (and refuses two entries for one device);
 * this one hands out the parameter's own array, so its gradient accumulates in place and the
 * parameter server updates it on its own device, with no per-step copy of any weight.
 *
 * <p>A block that asks for a parameter on another device than the parameter's is not routed (its
 * input went to the wrong device): that is refused, where DJL would copy silently.
 */
public final class PlacedParameterStore extends ParameterStore {

    /** Parameters handed out so far, in the order of first use. */
    private final Map<String, Parameter> used = new LinkedHashMap<>();
    private ParameterServer server;

    /**
     * Creates the store.
     *
     * @param manager the phase's manager (DJL's store needs one; this store creates no arrays)
     */
    public PlacedParameterStore(NDManager manager) {
        super(manager, false);
    }

    @Override
    public void setParameterServer(ParameterServer parameterServer, Device[] devices) {
        this.server = parameterServer;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        NDArray array = parameter.getArray();
        if (!array.getDevice().equals(device)) {
            throw new IllegalStateException("parameter " + parameter.getName() + " lives on " + array.getDevice()
                    + " but its block runs on " + device + ": the block's input was not routed to the"
                    + " parameter's device (place the network again after changing it)");
        }
        used.putIfAbsent(parameter.getId(), parameter);
        return array;
    }

    @Override
    public void updateAllParameters() {
        for (Map.Entry<String, Parameter> e : used.entrySet()) {
            Parameter p = e.getValue();
            if (p.requiresGradient()) {
                NDArray array = p.getArray();
                server.update(e.getKey(), new NDArray[] {array.getGradient()}, new NDArray[] {array});
            }
        }
    }

    @Override
    public void sync() {
        // parameters are used in place: there are no mirrors to synchronise
    }
}
