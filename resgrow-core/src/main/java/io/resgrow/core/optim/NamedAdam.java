package io.resgrow.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.resgrow.core.check.Check;

/**
 * Adam (Kingma and Ba) in PyTorch's form, with bias correction: {@code m = b1 m + (1-b1) g}, {@code
 * v = b2 v + (1-b2) g^2}, {@code w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}. With
 * {@code decoupled} the weight decay is AdamW's ({@code w *= 1 - lr * wd} before the step) instead
 * of an L2 term in the gradient. {@link Builder#djlForm} chooses DJL's form, which adds {@code eps}
 * to {@code sqrt(v)} before the bias correction: {@code w -= lr sqrt(1 - b2^t) / (1 - b1^t) * m /
 * (sqrt(v) + eps)} (a run given a DJL {@code Adam} uses it).
 */
public final class NamedAdam extends NamedOptimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final boolean decoupled;
    private final boolean djlForm;

    private NamedAdam(Builder b) {
        super(b.weightDecay, b.decayOnlyWeights);
        this.djlForm = b.djlForm;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.decoupled = b.decoupled;
    }

    /**
     * Starts a builder (defaults: betas 0.9 and 0.999, eps 1e-8, no weight decay).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    public void update(String name, NDArray weight, NDArray grad, double learningRate) {
        NDArray[] state = advance(name, weight);
        long step = state().steps(name);
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2Root = Math.sqrt(1 - Math.pow(beta2, step));
        // one native call: DJL's adamUpdate computes w -= c * m / (sqrt(v) + e); with
        // c = lr * sqrt(bc2) / bc1 and e = eps * sqrt(bc2) that is PyTorch's
        // w -= lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps); its L2 term is PyTorch's grad + wd * w,
        // its AdamW decay w -= lr * wd * w. The gradient is only read (the native code clones it);
        // the list of "weights" whose gradients it zeroes gets the gradient itself, which has none.
        float decay = decays(name) ? (float) weightDecay() : 0f;
        weight.getNDArrayInternal()
                .adamUpdate(
                        new NDList(weight, grad, state[0], state[1]),
                        new NDList(grad),
                        (float) learningRate,
                        (float) (learningRate * bc2Root / bc1),
                        decay,
                        1f,
                        -1f,
                        (float) beta1,
                        (float) beta2,
                        (float) (djlForm ? epsilon : epsilon * bc2Root),
                        false,
                        decoupled);
    }

    @Override
    public void updateAndZero(String name, NDArray weight, NDArray grad, double learningRate) {
        update(name, weight, grad, learningRate);
        zero(grad);
    }

    @Override
    protected void apply(NDArray weight, NDArray grad, NDArray[] state, long step, double lr) {
        throw new UnsupportedOperationException("NamedAdam updates in one native call: see update");
    }

    @Override
    public String toString() {
        return "NamedAdam{beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon + ", weightDecay=" + weightDecay()
                + (decoupled ? " (AdamW)" : "") + (djlForm ? ", DJL form" : "") + "}";
    }

    /** Builder for {@link NamedAdam}. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private boolean decoupled;
        private boolean djlForm;

        /**
         * Chooses DJL's form, {@code eps} added to {@code sqrt(v)} before the bias correction
         * (default: PyTorch's form).
         *
         * @param djlForm true for DJL's form
         * @return this builder
         */
        public Builder djlForm(boolean djlForm) {
            this.djlForm = djlForm;
            return this;
        }

        /**
         * Sets the first-moment decay.
         *
         * @param beta1 in [0, 1)
         * @return this builder
         */
        public Builder beta1(double beta1) {
            this.beta1 = Check.inRange("beta1", beta1, 0, 1, true);
            return this;
        }

        /**
         * Sets the second-moment decay.
         *
         * @param beta2 in [0, 1)
         * @return this builder
         */
        public Builder beta2(double beta2) {
            this.beta2 = Check.inRange("beta2", beta2, 0, 1, true);
            return this;
        }

        /**
         * Sets the term added to the denominator.
         *
         * @param epsilon > 0
         * @return this builder
         */
        public Builder epsilon(double epsilon) {
            this.epsilon = Check.positive("epsilon", epsilon);
            return this;
        }

        /**
         * Chooses AdamW's decoupled weight decay.
         *
         * @param decoupled true for AdamW
         * @return this builder
         */
        public Builder decoupled(boolean decoupled) {
            this.decoupled = decoupled;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return a new optimizer with empty state
         */
        public NamedAdam build() {
            return new NamedAdam(this);
        }
    }
}
