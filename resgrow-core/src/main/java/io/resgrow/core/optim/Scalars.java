package io.resgrow.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.resgrow.core.engine.NativeArrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The native scalars an optimizer multiplies by (weight decay, momentum, the step's learning rate),
 * made once per role, device and data type and reused by every parameter and step: {@code
 * x.mul(0.9)} would build a scalar from a Java buffer, multiply and free it, for every parameter at
 * every step (a host to device copy each on a GPU). A role's scalar is remade only when its value
 * changes (the learning rate, once per step under a schedule).
 */
final class Scalars implements AutoCloseable {

    private record Key(String role, Device device, DataType type) {}

    private record Entry(double value, NDArray array) {}

    private final Map<Key, Entry> cache = new HashMap<>();
    /** The scalars' own managers, one per device, apart from the optimizer's state. */
    private final Map<Device, NDManager> managers = new HashMap<>();

    /**
     * Returns a 0-dimensional native array holding {@code value} on {@code like}'s device with its
     * data type; valid until the role's value changes or this cache closes.
     *
     * @param role what the scalar is, e.g. {@code "lr"}
     * @param value its value now
     * @param like an array the scalar will be combined with
     * @return the scalar
     */
    NDArray get(String role, double value, NDArray like) {
        Key key = new Key(role, like.getDevice(), like.getDataType());
        Entry e = cache.get(key);
        if (e == null || e.value() != value) {
            if (e != null) {
                e.array().close();
            }
            NDArray a = NativeArrays.scalar(like, value);
            a.attach(managers.computeIfAbsent(like.getDevice(), NDManager::newBaseManager));
            e = new Entry(value, a);
            cache.put(key, e);
        }
        return e.array();
    }

    @Override
    public void close() {
        cache.clear();
        managers.values().forEach(NDManager::close);
        managers.clear();
    }
}
