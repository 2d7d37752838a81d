package io.resgrow.core.optim;

import ai.djl.ndarray.NDArray;
import io.resgrow.core.check.Check;

/**
 * RMSProp in PyTorch's form (not centred): {@code v = alpha * v + (1 - alpha) * g^2}, then {@code w
 * -= lr * g / (sqrt(v) + eps)}, or with momentum {@code b = mu * b + g / (sqrt(v) + eps)}, {@code w
 * -= lr * b}. DJL's PyTorch engine has no RMSProp; Istrate et al. train with it.
 */
public final class NamedRmsProp extends NamedOptimizer {

    private final double alpha;
    private final double epsilon;
    private final double momentum;

    private NamedRmsProp(Builder b) {
        super(b.weightDecay, b.decayOnlyWeights);
        this.alpha = b.alpha;
        this.epsilon = b.epsilon;
        this.momentum = b.momentum;
    }

    /**
     * Starts a builder (defaults as PyTorch: alpha 0.99, eps 1e-8, no momentum).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected int slotCount() {
        return momentum > 0 ? 2 : 1;
    }

    @Override
    protected void apply(NDArray weight, NDArray grad, NDArray[] state, long step, double lr) {
        NDArray v = state[0];
        try (NDArray sq = grad.square()) {
            v.muli(alpha).addi(sq.muli(1 - alpha));
        }
        try (NDArray root = v.sqrt();
                NDArray denom = root.addi(epsilon);
                NDArray dir = grad.div(denom)) {
            if (momentum > 0) {
                state[1].muli(momentum).addi(dir);
                try (NDArray delta = state[1].mul(lr)) {
                    weight.subi(delta);
                }
            } else {
                weight.subi(dir.muli(lr));
            }
        }
    }

    @Override
    public String toString() {
        return "NamedRmsProp{alpha=" + alpha + ", eps=" + epsilon + ", momentum=" + momentum + ", weightDecay="
                + weightDecay() + "}";
    }

    /** Builder for {@link NamedRmsProp}. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double alpha = 0.99;
        private double epsilon = 1e-8;
        private double momentum;

        /**
         * Sets the smoothing constant.
         *
         * @param alpha in [0, 1)
         * @return this builder
         */
        public Builder alpha(double alpha) {
            this.alpha = Check.inRange("alpha", alpha, 0, 1, true);
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
         * Sets the momentum coefficient.
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder momentum(double momentum) {
            this.momentum = Check.inRange("momentum", momentum, 0, 1, true);
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
        public NamedRmsProp build() {
            return new NamedRmsProp(this);
        }
    }
}
