package io.resgrow.core.data;

import io.resgrow.core.history.Describe;
import java.util.Map;
import java.util.Random;

/**
 * A training-time change to a whole batch (augmentation, normalisation), applied in host memory
 * before the batch moves to the device. Randomness comes only from the given generator, which the
 * engine seeds from (seed, phase, epoch, step): the same run draws the same augmentations, also
 * after a resume.
 */
@FunctionalInterface
public interface BatchTransform {

    /**
     * Transforms the batch in place.
     *
     * @param batch the batch to change
     * @param random the only source of randomness to use
     */
    void apply(HostBatch batch, Random random);

    /**
     * Returns a transform that applies this one, then {@code next}.
     *
     * @param next the transform to apply second
     * @return the composition
     */
    default BatchTransform andThen(BatchTransform next) {
        return (batch, random) -> {
            apply(batch, random);
            next.apply(batch, random);
        };
    }

    /**
     * Describes the transform as JSON-friendly data for a saved model's card, so that a user can
     * give new inputs the same treatment: a {@code type} and the values it needs (a normalisation
     * gives its means and standard deviations). The default gives the type only.
     *
     * @return the description
     */
    default Map<String, Object> settings() {
        return Map.of("type", isIdentity() ? "identity" : Describe.of(this));
    }

    /**
     * Returns whether this transform is known to change nothing (it is {@link #identity()}), so
     * that work depending only on the untransformed data may be done once (a strategy caching
     * features of frozen parts, say).
     *
     * @return true for the identity
     */
    default boolean isIdentity() {
        return false;
    }

    /**
     * Returns the transform that changes nothing.
     *
     * @return the identity
     */
    static BatchTransform identity() {
        return Identity.INSTANCE;
    }

    /** The transform that changes nothing; {@link #isIdentity()} recognises it. */
    enum Identity implements BatchTransform {
        /** The only instance. */
        INSTANCE;

        @Override
        public void apply(HostBatch batch, Random random) {}

        @Override
        public boolean isIdentity() {
            return true;
        }
    }
}
