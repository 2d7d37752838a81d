package io.resgrow.core;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.stop.StoppingRule;
import java.util.List;

/**
 * One unit of training: which block runs forward (the network, or part of it with a proxy head),
 * which of its parts stay frozen, on which data, with which optimizer, learning rate schedule and
 * batch size, and when to stop. Strategies are sequences of phases with structural changes (grow,
 * freeze, attach a head) between them. Unset values fall back to the run's defaults.
 *
 * @param name a short name shown in reports ({@code branch-1}, {@code head}, {@code fine-tune})
 * @param forward the block to train, producing class logits
 * @param frozen parts of {@code forward} that do not train in this phase (everything else does)
 * @param data the training data, or null for the run's
 * @param optimizer the optimizer, or null for the run's
 * @param schedule the learning rate schedule, or null for the run's
 * @param batchSize the batch size, or 0 for the run's
 * @param stop when to stop, checked at the end of every epoch; may be null only when {@code
 *     maxSteps} is set
 * @param maxSteps if positive, the phase ends after this many optimizer steps, in the middle of an
 *     epoch if need be (that last epoch is recorded with the steps it ran); 0 for no step limit
 * @param precomputed if not null, {@code data} holds inputs computed ahead of the phase (features
 *     of frozen parts, say) rather than the run's images: see {@link Precomputed}
 * @param epochShare the share of an epoch of the run's whole network that one epoch of this phase
 *     counts for in an epoch budget, in (0, 1]: {@code 1/K} for one of K parallel branches trained
 *     alone in turn (K such epochs make one of the network), 1 for everything else; the phase's
 *     epoch records carry it ({@link io.resgrow.core.history.EpochRecord#epochShare()})
 */
public record Phase(
        String name,
        Block forward,
        List<Block> frozen,
        BatchSource data,
        NamedOptimizer optimizer,
        LrSchedule schedule,
        int batchSize,
        StoppingRule stop,
        int maxSteps,
        Precomputed precomputed,
        double epochShare) {

    /**
     * How a phase trains on inputs computed ahead of it instead of the run's images: the run's
     * preprocessing and augmentation are not applied to them, the phase validates on {@code
     * validation} (computed the same way) instead of the run's validation set, and its FLOPs are
     * counted for samples of {@code sampleShape}.
     *
     * @param validation validation inputs for the phase's forward block, or null for none
     * @param sampleShape the shape of one input sample, without the batch dimension
     */
    public record Precomputed(BatchSource validation, Shape sampleShape) {

        /** Validates the shape. */
        public Precomputed {
            Check.notNull("sampleShape", sampleShape);
        }
    }

    private static final String SHARE_FIX = "pass 1/K for one of K parallel branches trained alone, else 1";

    /** Validates the phase. */
    public Phase {
        Check.notNull("name", name);
        Check.notNull("forward", forward);
        if (maxSteps < 0) {
            throw new InvalidSettingException(
                    "maxSteps", maxSteps, "an integer >= 1, or 0 for no step limit", "pass a positive number of steps");
        }
        if (stop == null && maxSteps == 0) {
            throw new InvalidSettingException(
                    "stop",
                    null,
                    "a stopping rule, or a step limit (maxSteps >= 1)",
                    "call epochs(n), steps(n) or stop(rule) on the phase builder");
        }
        if (stop == null) {
            stop = p -> false;
        }
        frozen = frozen == null ? List.of() : List.copyOf(frozen);
        Check.fraction("epochShare", epochShare, SHARE_FIX);
        if (batchSize < 0) {
            throw new InvalidSettingException(
                    "batchSize",
                    batchSize,
                    "an integer >= 1, or 0 for the run's batch size",
                    "pass a positive batch size");
        }
    }

    /**
     * Starts a builder.
     *
     * @param name the phase's name
     * @param forward the block to train
     * @return the builder
     */
    public static Builder builder(String name, Block forward) {
        return new Builder(name, forward);
    }

    /** Builder for {@link Phase}. */
    public static final class Builder {
        private final String name;
        private final Block forward;
        private List<Block> frozen = List.of();
        private BatchSource data;
        private NamedOptimizer optimizer;
        private LrSchedule schedule;
        private int batchSize;
        private StoppingRule stop;
        private int maxSteps;
        private Precomputed precomputed;
        private double epochShare = 1;

        private Builder(String name, Block forward) {
            this.name = name;
            this.forward = forward;
        }

        /**
         * Sets the parts that stay frozen.
         *
         * @param blocks parts of the forward block
         * @return this builder
         */
        public Builder freeze(Block... blocks) {
            this.frozen = List.of(blocks);
            return this;
        }

        /**
         * Sets the parts that stay frozen.
         *
         * @param blocks parts of the forward block
         * @return this builder
         */
        public Builder freeze(List<Block> blocks) {
            this.frozen = List.copyOf(blocks);
            return this;
        }

        /**
         * Sets the training data (a subset, say).
         *
         * @param data the data
         * @return this builder
         */
        public Builder data(BatchSource data) {
            this.data = data;
            return this;
        }

        /**
         * Sets the optimizer.
         *
         * @param optimizer the optimizer
         * @return this builder
         */
        public Builder optimizer(NamedOptimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * Trains on inputs computed ahead of the phase (features of frozen parts, cached once)
         * rather than on the run's images; see {@link Precomputed}.
         *
         * @param train training inputs, labelled like the run's samples
         * @param validation validation inputs, or null for none
         * @param sampleShape the shape of one input, without the batch dimension
         * @return this builder
         */
        public Builder precomputed(BatchSource train, BatchSource validation, Shape sampleShape) {
            this.data = Check.notNull("train", train);
            this.precomputed = new Precomputed(validation, sampleShape);
            return this;
        }

        /**
         * Sets the learning rate schedule.
         *
         * @param schedule the schedule
         * @return this builder
         */
        public Builder schedule(LrSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Sets the batch size.
         *
         * @param batchSize >= 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = Check.positive("batchSize", batchSize);
            return this;
        }

        /**
         * Sets when to stop.
         *
         * @param stop the rule
         * @return this builder
         */
        public Builder stop(StoppingRule stop) {
            this.stop = stop;
            return this;
        }

        /**
         * Sets a fixed number of epochs.
         *
         * @param epochs >= 1
         * @return this builder
         */
        public Builder epochs(int epochs) {
            return stop(StoppingRule.epochs(epochs));
        }

        /**
         * Ends the phase after a number of optimizer steps, mid-epoch if need be. Combined with a
         * stopping rule, whichever comes first ends the phase.
         *
         * @param steps >= 1
         * @return this builder
         */
        public Builder steps(int steps) {
            this.maxSteps = Check.positive("steps", steps);
            return this;
        }

        /**
         * Sets the share of an epoch of the run's whole network one epoch of this phase counts for
         * in an epoch budget: {@code 1/K} for one of K parallel branches trained alone in turn.
         *
         * @param share in (0, 1]; 1 unless set
         * @return this builder
         */
        public Builder epochShare(double share) {
            this.epochShare = Check.fraction("epochShare", share, SHARE_FIX);
            return this;
        }

        /**
         * Builds the phase.
         *
         * @return the phase
         */
        public Phase build() {
            return new Phase(
                    name,
                    forward,
                    frozen,
                    data,
                    optimizer,
                    schedule,
                    batchSize,
                    stop,
                    maxSteps,
                    precomputed,
                    epochShare);
        }
    }
}
