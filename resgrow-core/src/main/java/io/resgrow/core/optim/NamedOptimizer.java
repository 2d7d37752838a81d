package io.resgrow.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.engine.NativeArrays;
import io.resgrow.core.engine.SerialPieces;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An optimizer whose state (momentum buffers, moment estimates, step counts) is keyed by stable
 * parameter names rather than DJL's per-run parameter ids, so that it can be saved in a checkpoint,
 * loaded into a new process, and carried over when a network grows and its parameters are renamed.
 *
 * <p>Updates run outside the gradient collector, in place, on the parameter's own device.
 * Subclasses implement one method, {@link #apply}, for the update rule; weight decay (L2, added to
 * the gradient as PyTorch does) is applied here, to every parameter or, with {@code
 * decayOnlyWeights}, only to parameters whose name ends in {@code weight} (so BatchNorm's gamma and
 * beta and all biases are left alone).
 */
public abstract class NamedOptimizer implements AutoCloseable {

    private static final String STEP_SUFFIX = "#t";

    private final double weightDecay;
    private final boolean decayOnlyWeights;
    private final Map<String, NDArray[]> slots = new HashMap<>();
    private final Map<String, Long> steps = new HashMap<>();
    private final Scalars scalars = new Scalars();
    private NDManager manager;

    /**
     * Creates the optimizer.
     *
     * @param weightDecay the L2 coefficient, 0 for none
     * @param decayOnlyWeights whether to exclude BatchNorm parameters and biases from decay
     */
    protected NamedOptimizer(double weightDecay, boolean decayOnlyWeights) {
        this.weightDecay = weightDecay;
        this.decayOnlyWeights = decayOnlyWeights;
    }

    /**
     * Returns how many state arrays the rule keeps per parameter.
     *
     * @return the slot count
     */
    protected abstract int slotCount();

    /**
     * Applies the update rule in place. The rule must be element-wise: a large CPU parameter comes
     * in pieces (views of the weight, gradient and state, see {@link SerialPieces}).
     *
     * @param weight the parameter, changed in place
     * @param grad the gradient, weight decay already added (may be changed in place)
     * @param state the rule's state arrays for this parameter, changed in place
     * @param step the 1-based count of updates of this parameter, this one included
     * @param learningRate the learning rate for this step
     */
    protected abstract void apply(NDArray weight, NDArray grad, NDArray[] state, long step, double learningRate);

    /**
     * Returns whether weight decay applies to a parameter.
     *
     * @param name the parameter's stable name
     * @return true if it is decayed
     */
    public boolean decays(String name) {
        return weightDecay > 0 && (!decayOnlyWeights || name.endsWith("weight"));
    }

    /**
     * Returns the L2 coefficient.
     *
     * @return the weight decay
     */
    public double weightDecay() {
        return weightDecay;
    }

    /**
     * Returns whether decoupled rules should apply decay themselves ({@link Adam} in AdamW mode).
     *
     * @param name the parameter's stable name
     * @return true if decay is to be added to the gradient here
     */
    protected boolean decayInGradient(String name) {
        return decays(name);
    }

    /**
     * Updates one parameter. The gradient is used as scratch space and left changed: pass a
     * gradient the caller discards (or zeroes) afterwards.
     *
     * @param name the parameter's stable name
     * @param weight the parameter's array, changed in place
     * @param grad its gradient
     * @param learningRate the learning rate for this step
     */
    public void update(String name, NDArray weight, NDArray grad, double learningRate) {
        step(name, weight, grad, learningRate, false);
    }

    /**
     * Updates one parameter, then fills its gradient with zeros, ready for the next backward pass
     * (a fill, not {@code g - g}: an infinite gradient would leave NaN). On the element-wise path
     * each large array is cut into pieces once for both (see {@link SerialPieces}); a rule that
     * overrides {@link #update} whole overrides this too, with its update and {@link #zero}.
     *
     * @param name the parameter's stable name
     * @param weight the parameter's array, changed in place
     * @param grad its gradient, zero afterwards
     * @param learningRate the learning rate for this step
     */
    public void updateAndZero(String name, NDArray weight, NDArray grad, double learningRate) {
        step(name, weight, grad, learningRate, true);
    }

    /**
     * Fills a gradient with zeros (a fill, not {@code g - g}, which would turn an infinity into NaN),
     * in pieces for a large CPU array, with a native zero kept per device and data type.
     *
     * @param grad the gradient, zero afterwards
     */
    public void zero(NDArray grad) {
        SerialPieces.forEach(new NDArray[] {grad}, piece -> fill(piece[0]));
    }

    /** The element-wise update, in pieces for a large CPU array, and the gradient's fill if asked. */
    private void step(String name, NDArray weight, NDArray grad, double learningRate, boolean thenZero) {
        NDArray[] state = advance(name, weight);
        boolean decay = decayInGradient(name);
        long step = steps.get(name);
        NDArray[] arrays = new NDArray[2 + state.length];
        arrays[0] = weight;
        arrays[1] = grad;
        System.arraycopy(state, 0, arrays, 2, state.length);
        // large CPU arrays in pieces below libtorch's grain size: no OpenMP region to wake per operation
        SerialPieces.forEach(arrays, piece -> {
            NDArray w = piece[0];
            NDArray g = piece[1];
            if (decay) {
                // the gradient is consumed by this update (the caller zeroes it next): add in place
                try (NDArray d = w.mul(scalar("weightDecay", weightDecay, w))) {
                    g.addi(d);
                }
            }
            apply(w, g, Arrays.copyOfRange(piece, 2, piece.length), step, learningRate);
            if (thenZero) {
                fill(g);
            }
        });
    }

    private void fill(NDArray array) {
        NativeArrays.fill(array, scalar("zero", 0, array));
    }

    /**
     * Counts one more update of a parameter and returns its state arrays (created as zeros on the
     * parameter's device at its first update), for rules that override {@link #update} whole.
     *
     * @param name the parameter's stable name
     * @param weight the parameter's array
     * @return the state arrays, changed in place by the rule
     */
    protected final NDArray[] advance(String name, NDArray weight) {
        NDArray[] state = slots.computeIfAbsent(name, n -> newSlots(weight));
        steps.merge(name, 1L, Long::sum);
        return state;
    }

    /**
     * Returns a native scalar for a hyperparameter, made once per role, device and data type and
     * reused while its value stays the same (see {@link Scalars}); never close it.
     *
     * @param role the hyperparameter, e.g. {@code "momentum"} or {@code "lr"}
     * @param value its value now
     * @param like an array it will be combined with
     * @return the scalar
     */
    protected final NDArray scalar(String role, double value, NDArray like) {
        return scalars.get(role, value, like);
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
    public void loadState(NDList state, ai.djl.Device device) {
        loadState(state, name -> device);
    }

    /**
     * Replaces the whole state with one saved by {@link #saveState}, each parameter's state on the
     * device its parameter lives on (parameters placed on several devices).
     *
     * @param state the saved arrays
     * @param deviceOf the device of a parameter, by stable name
     */
    public void loadState(NDList state, Function<String, ai.djl.Device> deviceOf) {
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
            NDArray[] s = new NDArray[slotCount()];
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
    public void follow(Function<String, ai.djl.Device> deviceOf) {
        for (Map.Entry<String, NDArray[]> e : slots.entrySet()) {
            ai.djl.Device device = deviceOf.apply(e.getKey());
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
    private NDArray copyOnto(NDArray array, ai.djl.Device device) {
        NDArray copy = array.toDevice(device, true);
        copy.attach(manager(device));
        return copy;
    }

    @Override
    public void close() {
        clear();
        scalars.close();
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    private NDArray[] newSlots(NDArray weight) {
        NDArray[] s = new NDArray[slotCount()];
        for (int i = 0; i < s.length; i++) {
            s[i] = weight.zerosLike();
            s[i].attach(manager(weight.getDevice()));
        }
        return s;
    }

    private NDManager manager(ai.djl.Device device) {
        if (manager == null) {
            manager = NDManager.newBaseManager(device);
        }
        return manager;
    }
}
