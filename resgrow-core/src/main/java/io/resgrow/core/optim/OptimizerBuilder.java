package io.resgrow.core.optim;

import io.resgrow.core.check.Check;

/**
 * The settings every optimizer builder shares (weight decay and what it spares), self-typed so
 * chains keep the concrete builder: {@code NamedSgd.builder().weightDecay(5e-4).momentum(0.9)}.
 *
 * @param <B> the concrete builder
 */
public abstract class OptimizerBuilder<B extends OptimizerBuilder<B>> {

    double weightDecay;
    boolean decayOnlyWeights;

    /**
     * Returns this builder as its concrete type.
     *
     * @return this
     */
    protected abstract B self();

    /**
     * Sets the weight decay coefficient.
     *
     * @param weightDecay >= 0
     * @return this builder
     */
    public B weightDecay(double weightDecay) {
        this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
        return self();
    }

    /**
     * Excludes BatchNorm parameters and biases from weight decay.
     *
     * @param only true to decay only parameters named {@code *weight}
     * @return this builder
     */
    public B decayOnlyWeights(boolean only) {
        this.decayOnlyWeights = only;
        return self();
    }
}
