package io.resgrow.spark;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.network.Rebuildable;

/**
 * How the executors of a {@link LocalSgdRun} build its network: from a resgrow network's
 * architecture (which changes at a growth), or from a recipe of the caller's own (a fixed network).
 *
 * @param own the caller's recipe, or null for a resgrow network
 * @param sample one sample's shape
 */
record LocalSgdNetworks(NetworkRecipe own, Shape sample) {

    /** The recipe of the network as it is now. */
    NetworkRecipe recipeOf(Block net) {
        return own != null ? own : NetworkRecipe.of(((Rebuildable) net).architecture(), sample);
    }

    /**
     * The network's description that a checkpoint keeps and a resume compares: a resgrow network's
     * architecture ({@link #rebuild} reads it), or the caller's recipe (a record's values, else its
     * class).
     */
    String architectureOf(Block net) {
        if (own != null) {
            return own instanceof Record ? own.toString() : own.getClass().getName();
        }
        // key order fixed: the same text for the same network in every JVM (a resume compares it)
        return Json.canonical(Json.of(((Rebuildable) net).architecture()));
    }

    /** A network as a checkpoint's description says, not initialised. */
    Block rebuild(String architecture) {
        return own != null ? own.build() : new NetworkRecipe.FromArchitecture(architecture, sample.getShape()).build();
    }
}
