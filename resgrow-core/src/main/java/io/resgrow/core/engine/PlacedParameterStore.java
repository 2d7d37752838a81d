package io.resgrow.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterServer;
import ai.djl.training.ParameterStore;
import io.resgrow.core.account.ParameterCount;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parameter store for model parallelism: every parameter is used where it lives. DJL's store
 * mirrors each parameter onto every training device (and refuses two entries for one device);
 * this one hands out the parameter's own array, so its gradient accumulates in place and the
 * parameter server updates it on its own device, with no per-step copy of any weight.
 *
 * <p>Hybrid parallelism: data-parallel group 0 uses the parameters themselves; each other group
 * gets one replica per parameter on the device its block runs on in that group, made at the
 * group's first use in the phase. The parameter server sums the replicas' gradients into the
 * parameter's, updates it and copies the new values back to the replicas (one broadcast per
 * parameter and step: the price of data parallelism). The caller says which group runs ({@link
 * #group(int)}). State without a gradient (BatchNorm's running statistics), which each group
 * updates from its own share of the batch, is averaged over the groups after every step.
 *
 * <p>A block that asks group 0 for a parameter on another device than the parameter's is not
 * routed (its input went to the wrong device): that is refused, where DJL would copy silently.
 */
public final class PlacedParameterStore extends ParameterStore {

    /** A parameter handed out and its array per group (null for a group that has not run yet). */
    private record Used(Parameter parameter, List<NDArray> arrays) {}

    /** Every parameter handed out, by id, in the order of first use. */
    private final Map<String, Used> used = new LinkedHashMap<>();

    private final NDManager manager;
    private ParameterServer server;
    /** The data-parallel groups: one per device the server was set with (1 until then). */
    private int groups = 1;

    private int group;
    /** Running statistics as they were before group 0 first updated them, for the replicas. */
    private final Map<String, NDArray> atStart = new HashMap<>();
    /** The groups whose forward pass ran since the last update. */
    private final BitSet ran = new BitSet();

    /**
     * Creates the store.
     *
     * @param manager the phase's manager, owner of the replicas of other groups
     */
    public PlacedParameterStore(NDManager manager) {
        super(manager, false);
        this.manager = manager;
    }

    /**
     * Sets the data-parallel group whose forward pass runs next.
     *
     * @param group from 0
     */
    public void group(int group) {
        this.group = group;
    }

    /**
     * Returns the data-parallel group running now.
     *
     * @return from 0
     */
    public int group() {
        return group;
    }

    @Override
    public void setParameterServer(ParameterServer parameterServer, Device[] devices) {
        this.server = parameterServer;
        // each data-parallel group runs on its home device: one device per group
        this.groups = devices.length;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        String id = parameter.getId();
        List<NDArray> arrays = used.computeIfAbsent(
                        id, k -> new Used(parameter, new ArrayList<>(List.of(parameter.getArray()))))
                .arrays();
        while (arrays.size() <= group) {
            arrays.add(null);
        }
        ran.set(group);
        NDArray array = arrays.get(group);
        if (groups > 1
                && group == 0
                && arrays.size() == 1
                && ParameterCount.isRunningStatistic(parameter)
                && !atStart.containsKey(id)) {
            // group 0 is about to update the statistics in place: other groups start from these values
            NDArray values = parameter.getArray().duplicate();
            values.attach(manager);
            atStart.put(id, values);
        }
        if (array == null) {
            // a copy of the detached values: a leaf of its own, not a node of the parameter's graph
            NDArray source = atStart.getOrDefault(id, parameter.getArray());
            try (NDArray values = source.stopGradient()) {
                array = values.toDevice(device, true);
            }
            array.attach(manager);
            array.setRequiresGradient(parameter.requiresGradient());
            arrays.set(group, array);
        }
        if (!array.getDevice().equals(device)) {
            throw new IllegalStateException("parameter " + parameter.getName() + " lives on " + array.getDevice()
                    + " but its block runs on " + device + ": the block's input was not routed to the"
                    + " parameter's device (place the network again after changing it)");
        }
        return array;
    }

    @Override
    public void updateAllParameters() {
        for (Map.Entry<String, Used> e : used.entrySet()) {
            Parameter parameter = e.getValue().parameter();
            List<NDArray> arrays = e.getValue().arrays();
            if (parameter.requiresGradient()) {
                NDArray[] present = arrays.stream().filter(a -> a != null).toArray(NDArray[]::new);
                NDArray[] grads = new NDArray[present.length];
                for (int i = 0; i < present.length; i++) {
                    grads[i] = present[i].getGradient();
                }
                server.update(e.getKey(), grads, present);
            } else if (arrays.size() > 1 && ParameterCount.isRunningStatistic(parameter)) {
                average(arrays);
            }
        }
        ran.clear();
        atStart.values().forEach(NDArray::close);
        atStart.clear();
    }

    /**
     * Averages a running statistic over the groups that ran this step (each updated its own copy
     * from its share of the batch) into the parameter and every replica. Other state without a
     * gradient (frozen weights) is the same in every group and is left alone.
     */
    private void average(List<NDArray> arrays) {
        List<NDArray> ranNow = new ArrayList<>();
        for (int g = 0; g < arrays.size(); g++) {
            if (ran.get(g) && arrays.get(g) != null) {
                ranNow.add(arrays.get(g));
            }
        }
        if (ranNow.isEmpty()) {
            return;
        }
        NDArray first = ranNow.get(0);
        try (NDArray sum = first.duplicate()) {
            for (int g = 1; g < ranNow.size(); g++) {
                try (NDArray there = ranNow.get(g).toDevice(first.getDevice(), true)) {
                    sum.addi(there);
                }
            }
            sum.divi(ranNow.size());
            for (NDArray a : arrays) {
                if (a != null) {
                    NativeArrays.copyInto(sum, a);
                }
            }
        }
    }

    @Override
    public void sync() {
        // group 0 uses the parameters themselves: there is nothing to synchronise
    }
}
