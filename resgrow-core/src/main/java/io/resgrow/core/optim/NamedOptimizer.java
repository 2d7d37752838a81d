package io.resgrow.core.optim;

import ai.djl.ndarray.NDArray;
import io.resgrow.core.engine.NativeArrays;
import io.resgrow.core.engine.SerialPieces;
import java.util.Arrays;

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

    private final double weightDecay;
    private final boolean decayOnlyWeights;
    private final NamedState state = new NamedState(this::slotCount);
    private final Scalars scalars = new Scalars();

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
     * Returns whether decoupled rules should apply decay themselves ({@link NamedAdam} in AdamW mode).
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
        NDArray[] slots = advance(name, weight);
        boolean decay = decayInGradient(name);
        long step = state.steps(name);
        NDArray[] arrays = new NDArray[2 + slots.length];
        arrays[0] = weight;
        arrays[1] = grad;
        System.arraycopy(slots, 0, arrays, 2, slots.length);
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
        return state.advance(name, weight);
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
     * Returns the optimizer's state, by parameter name: what checkpoints save and growth renames.
     *
     * @return the state
     */
    public NamedState state() {
        return state;
    }

    @Override
    public void close() {
        state.close();
        scalars.close();
    }
}
