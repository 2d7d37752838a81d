package io.resgrow.core.optim;

import ai.djl.ndarray.NDArray;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;

/**
 * Stochastic gradient descent in PyTorch's form: {@code g = grad + wd * w}, {@code b = mu * b + g},
 * {@code w -= lr * b} (or {@code w -= lr * (g + mu * b)} with Nesterov). DJL's own SGD uses MXNet's
 * form, where the learning rate sits inside the momentum buffer; the two differ whenever the
 * learning rate changes. {@link Builder#djlForm} chooses DJL's: {@code b = mu * b + lr * g}, {@code
 * w -= b}, as DJL's PyTorch engine computes it (a run given a DJL {@code Sgd} uses it, so it trains
 * as DJL's {@code Trainer} would).
 */
public final class NamedSgd extends NamedOptimizer {

    private final double momentum;
    private final boolean nesterov;
    private final boolean djlForm;

    private NamedSgd(Builder b) {
        super(b.weightDecay, b.decayOnlyWeights);
        this.momentum = b.momentum;
        this.nesterov = b.nesterov;
        this.djlForm = b.djlForm;
    }

    /**
     * Starts a builder (defaults: momentum 0.9, no Nesterov, no weight decay).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected int slotCount() {
        return momentum > 0 ? 1 : 0;
    }

    @Override
    protected void apply(NDArray weight, NDArray grad, NDArray[] state, long step, double lr) {
        // in place, with cached native scalars: per parameter 4 operations and one temporary
        // (5 and 2 with Nesterov) besides weight decay's 2 and 1
        NDArray rate = scalar("lr", lr, weight);
        if (momentum == 0) {
            weight.subi(grad.muli(rate));
            return;
        }
        NDArray buf = state[0];
        if (djlForm) {
            // DJL: g = lr * (grad + wd * w); b = mu * b + g; w -= b
            buf.muli(scalar("momentum", momentum, buf)).addi(grad.muli(rate));
            weight.subi(buf);
            return;
        }
        buf.muli(scalar("momentum", momentum, buf)).addi(grad);
        if (nesterov) {
            // g + mu * b, made in the gradient, which the caller zeroes next
            try (NDArray look = buf.mul(scalar("momentum", momentum, buf))) {
                weight.subi(grad.addi(look).muli(rate));
            }
        } else {
            try (NDArray delta = buf.mul(rate)) {
                weight.subi(delta);
            }
        }
    }

    @Override
    public String toString() {
        return "NamedSgd{momentum=" + momentum + ", nesterov=" + nesterov + ", weightDecay=" + weightDecay()
                + (djlForm ? ", DJL form" : "") + "}";
    }

    /** Builder for {@link NamedSgd}. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private double momentum = 0.9;
        private boolean nesterov;
        private boolean djlForm;

        /**
         * Chooses DJL's (MXNet's) form of momentum, with the learning rate inside the buffer
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
         * Sets the momentum coefficient.
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder momentum(double momentum) {
            this.momentum = Check.inRange("momentum", momentum, 0, 1, true);
            return this;
        }

        /**
         * Chooses Nesterov momentum.
         *
         * @param nesterov true for Nesterov
         * @return this builder
         */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
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
        public NamedSgd build() {
            if (nesterov && djlForm) {
                throw new InvalidSettingException(
                        "nesterov", true, "no Nesterov in DJL's form (DJL's Sgd has none)", "turn one of them off");
            }
            if (nesterov && momentum == 0) {
                throw new InvalidSettingException(
                        "nesterov", true, "momentum > 0 with Nesterov", "set momentum(0.9) or turn Nesterov off");
            }
            return new NamedSgd(this);
        }
    }
}
