package io.resgrow.core.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * An optimizer's state (momentum buffers, moment estimates, step counts) keyed by stable parameter
 * names rather than DJL's per-run parameter ids: saved in checkpoints and loaded into a new process,
 * renamed when a network grows, moved when a placement moves its parameter.
 */
public final class NamedState implements AutoCloseable {

    private static final String STEP_SUFFIX = "#t";

    private final IntSupplier slotCount;
    private final Map<String, NDArray[]> slots = new HashMap<>();
    private final Map<String, Long> steps = new HashMap<>();
    private NDManager manager;

    NamedState(IntSupplier slotCount) {
        this.slotCount = slotCount;
    }

    /** Counts one more update of a parameter and returns its state arrays (zeros at its first). */
    NDArray[] advance(String name, NDArray weight) {
        NDArray[] state = slots.computeIfAbsent(name, n -> newSlots(weight));
        steps.merge(name, 1L, Long::sum);
        return state;
    }

    /**
     * Returns how many updates a parameter has had.
     *
     * @param name the parameter's stable name
     * @return the count, 0 if never updated
     */
    public long steps(String name) {
        return steps.getOrDefault(name, 0L);
    }

    /**
     * Returns the names that have state.
     *
     * @return the parameter names
     */
    public Set<String> names() {
        return Collections.unmodifiableSet(steps.keySet());
    }

    /**
     * Returns a state array of a parameter (for tests and inspection).
     *
     * @param name the parameter's stable name
     * @param slot the slot index
     * @return the array, or null if the parameter has no state yet
     */
    public NDArray slot(String name, int slot) {
        NDArray[] s = slots.get(name);
        return s == null ? null : s[slot];
    }

    /**
     * Renames state after the network changed shape (blocks inserted, names shifted). Names not in
     * the map keep their state under the old name; all renames happen at once, so chains and swaps
     * are safe.
     *
     * @param oldToNew the renaming
     */
    public void rename(Map<String, String> oldToNew) {
        Map<String, NDArray[]> movedSlots = new HashMap<>();
        Map<String, Long> movedSteps = new HashMap<>();
        for (Map.Entry<String, String> e : oldToNew.entrySet()) {
            NDArray[] s = slots.remove(e.getKey());
            Long t = steps.remove(e.getKey());
            if (s != null) {
                movedSlots.put(e.getValue(), s);
            }
            if (t != null) {
                movedSteps.put(e.getValue(), t);
            }
        }
        slots.putAll(movedSlots);
        steps.putAll(movedSteps);
    }

    /**
     * Copies the state of one parameter to another (a copied block can start with its source's
     * momentum).
     *
     * @param from the source parameter name
     * @param to the target parameter name
     */
    public void copyState(String from, String to) {
        NDArray[] s = slots.get(from);
        if (s == null) {
            return;
        }
        NDArray[] copy = new NDArray[s.length];
        for (int i = 0; i < s.length; i++) {
            copy[i] = s[i].duplicate();
            copy[i].attach(manager);
        }
        forget(to);
        slots.put(to, copy);
        steps.put(to, steps.get(from));
    }

    /**
     * Drops the state of a parameter (it restarts as if never updated).
     *
     * @param name the parameter's stable name
     */
    public void forget(String name) {
        NDArray[] s = slots.remove(name);
        if (s != null) {
            for (NDArray a : s) {
                a.close();
            }
        }
        steps.remove(name);
    }

    /**
     * Returns the whole state as named arrays ({@code name#slot} and {@code name#t}), for
     * checkpoints.
     *
     * @param target the manager that owns the returned arrays
     * @return the state
     */
    public NDList saveState(NDManager target) {
        NDList list = new NDList();
        List<String> names = new ArrayList<>(steps.keySet());
        Collections.sort(names);
        for (String name : names) {
            NDArray[] s = slots.get(name);
            for (int i = 0; i < s.length; i++) {
                NDArray copy = s[i].toDevice(target.getDevice(), true);
                copy.attach(target);
                copy.setName(name + "#" + i);
                list.add(copy);
            }
            NDArray t = target.create(new long[] {steps.get(name)}, new Shape(1));
            t.setName(name + STEP_SUFFIX);
            list.add(t);
        }
        return list;
    }

    /**
     * Replaces the whole state with one saved by {@link #saveState}.
     *
     * @param state the saved arrays
     * @param device the device the parameters live on
     */
    public void loadState(NDList state, Device device) {
        loadState(state, name -> device);
    }

    /**
     * Replaces the whole state with one saved by {@link #saveState}, each parameter's state on the
     * device its parameter lives on (parameters placed on several devices).
     *
     * @param state the saved arrays
     * @param deviceOf the device of a parameter, by stable name
     */
    public void loadState(NDList state, Function<String, Device> deviceOf) {
        clear();
        Map<String, NDArray> byName = new HashMap<>();
        for (NDArray a : state) {
            byName.put(a.getName(), a);
        }
        for (Map.Entry<String, NDArray> e : byName.entrySet()) {
            String key = e.getKey();
            if (!key.endsWith(STEP_SUFFIX)) {
                continue;
            }
            String name = key.substring(0, key.length() - STEP_SUFFIX.length());
            NDArray[] s = new NDArray[slotCount.getAsInt()];
            for (int i = 0; i < s.length; i++) {
                NDArray saved = byName.get(name + "#" + i);
                if (saved == null) {
                    throw new IllegalStateException("optimizer state for '" + name + "' lacks slot " + i
                            + ": it was saved by a different optimizer");
                }
                s[i] = copyOnto(saved, deviceOf.apply(name));
            }
            slots.put(name, s);
            steps.put(name, e.getValue().toLongArray()[0]);
        }
    }

    /**
     * Returns how many arrays the optimizer's state holds now, as DJL's manager of that state
     * counts them (one per slot per parameter updated so far; 0 once closed).
     *
     * @return the live state arrays
     */
    public int liveStateArrays() {
        return manager == null ? 0 : manager.getManagedArrays().size();
    }

    /** Drops all state. */
    public void clear() {
        for (String name : new ArrayList<>(slots.keySet())) {
            forget(name);
        }
        steps.clear();
    }

    /**
     * Moves each parameter's state to the device its parameter lives on now (a placement moved the
     * parameter after the state was made); state already there is not touched.
     *
     * @param deviceOf the device of a parameter, by stable name
     */
    public void follow(Function<String, Device> deviceOf) {
        for (Map.Entry<String, NDArray[]> e : slots.entrySet()) {
            Device device = deviceOf.apply(e.getKey());
            NDArray[] state = e.getValue();
            for (int i = 0; i < state.length; i++) {
                if (!state[i].getDevice().equals(device)) {
                    NDArray moved = copyOnto(state[i], device);
                    state[i].close();
                    state[i] = moved;
                }
            }
        }
    }

    /** A copy of a state array on a device, kept by this optimizer's manager there. */
    private NDArray copyOnto(NDArray array, Device device) {
        NDArray copy = array.toDevice(device, true);
        copy.attach(manager(device));
        return copy;
    }

    /** Drops all state and frees its arrays. */
    public void close() {
        clear();
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    private NDArray[] newSlots(NDArray weight) {
        NDArray[] s = new NDArray[slotCount.getAsInt()];
        for (int i = 0; i < s.length; i++) {
            s[i] = weight.zerosLike();
            s[i].attach(manager(weight.getDevice()));
        }
        return s;
    }

    private NDManager manager(Device device) {
        if (manager == null) {
            manager = NDManager.newBaseManager(device);
        }
        return manager;
    }
}
