package io.resgrow.core.placement;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;

/**
 * Moves the parameters of a block to another device in place: the same {@link Parameter} objects
 * (blocks, names and optimizer state keyed by name stay valid) get a copy of their values on the
 * target device, made by libtorch (natively owned memory), and the old arrays are freed. Gradient
 * flags follow. Used to keep inactive branches on the host while another branch trains, and to put
 * each residual function's parameters on its device.
 *
 * <p>DJL lets a parameter's array be set only once ({@code setArray} refuses an initialised
 * parameter), so a move closes the parameter and initialises it again from the copy.
 *
 * <p>Run it between phases, never while a phase's parameter store holds the arrays: a store keeps
 * the arrays it handed out. Optimizer state of a moved parameter stays where it was; under a
 * placement the engine moves it after the parameter before the next phase ({@link
 * io.resgrow.core.optim.NamedState#follow}).
 */
public final class ParameterMoves {

    private ParameterMoves() {}

    /**
     * Moves every initialised parameter of {@code block} to the device of {@code target}, attaching
     * the new arrays to it. Parameters already on that device are left as they are.
     *
     * @param block the block
     * @param target the manager that will own the arrays (its device is where they go)
     * @return the bytes moved (0 when everything was already there)
     */
    public static long moveTo(Block block, NDManager target) {
        Device device = target.getDevice();
        long bytes = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.isInitialized() && !parameter.getArray().getDevice().equals(device)) {
                bytes += relocate(parameter, target);
            }
        }
        return bytes;
    }

    /**
     * Gives an initialised parameter a native copy of its values owned by {@code target} (on its
     * device), whatever device it is on now, and frees the old array.
     *
     * @param parameter the parameter
     * @param target the new owner
     * @return the bytes copied
     */
    static long relocate(Parameter parameter, NDManager target) {
        NDArray old = parameter.getArray();
        // a copy of an array that records gradients would be a non-leaf of the autograd graph
        old.setRequiresGradient(false);
        NDArray moved = old.toDevice(target.getDevice(), true);
        moved.attach(target);
        long bytes = old.size() * old.getDataType().getNumOfBytes();
        Initializer initializer = parameter.getInitializer();
        parameter.close();
        parameter.setInitializer((manager, shape, dataType) -> moved);
        try {
            parameter.initialize(target, moved.getDataType());
        } finally {
            parameter.setInitializer(initializer);
        }
        return bytes;
    }

    /**
     * Returns the bytes of a block's initialised parameters that live on a device.
     *
     * @param block the block
     * @param device the device
     * @return bytes on that device
     */
    public static long bytesOn(Block block, Device device) {
        long bytes = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.isInitialized() && parameter.getArray().getDevice().equals(device)) {
                NDArray a = parameter.getArray();
                bytes += a.size() * a.getDataType().getNumOfBytes();
            }
        }
        return bytes;
    }
}
