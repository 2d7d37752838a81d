package io.resgrow.core;

import io.resgrow.core.placement.NetworkPlacement;

/**
 * Places a run's network on devices; {@link TrainingContext#place} runs it before every phase that
 * trains, so that blocks added since the last phase (a grown network) are placed too.
 */
@FunctionalInterface
public interface NetworkPlacer {

    /**
     * Places the context's network (and moves its parameters) and says where everything is.
     *
     * @param context the run
     * @return the placement
     */
    NetworkPlacement place(TrainingContext context);
}
