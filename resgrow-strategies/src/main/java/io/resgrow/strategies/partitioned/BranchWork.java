package io.resgrow.strategies.partitioned;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.Phase;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.history.PhaseResult;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One branch of stage 1 in the hands of a {@link BranchRunner}: {@link #prepare} attaches its
 * proxy head to the run and returns its phase, {@link #finish} records what the phase did. A runner
 * that trains elsewhere sends {@link #spec()} and the parameters of {@link #forward()}, and loads
 * the trained ones back into it before {@code finish}.
 */
public final class BranchWork {

    private final TrainingContext ctx;
    private final BranchSpec spec;
    private final Block branch;
    private final BatchSource subset;
    private final Runnable before;
    private final BiConsumer<BranchWork, PhaseResult> done;
    private Block proxy;
    private Block forward;

    BranchWork(
            TrainingContext ctx,
            BranchSpec spec,
            Block branch,
            BatchSource subset,
            Runnable before,
            BiConsumer<BranchWork, PhaseResult> done) {
        this.before = before;
        this.ctx = ctx;
        this.spec = spec;
        this.branch = branch;
        this.subset = subset;
        this.done = done;
    }

    /**
     * Returns the branch's work as plain values.
     *
     * @return the description
     */
    public BranchSpec spec() {
        return spec;
    }

    /**
     * Attaches the branch's proxy head to the run (initialised there) and returns the branch's phase.
     *
     * @return the phase
     */
    public Phase prepare() {
        before.run();
        Shape features = branch.getOutputShapes(new Shape[] {ctx.batchInputShape()})[0];
        proxy = spec.newProxy();
        ctx.register("proxy-" + spec.branch(), proxy, features);
        ctx.event(
                PartitionedStrategy.STAGE,
                String.format(
                        Locale.ROOT,
                        "stage 1: branch %d of %d with a proxy head on %d samples",
                        spec.branch(),
                        spec.branches(),
                        subset.count()),
                Map.of("stage", 1, "branch", spec.branch(), "samples", subset.count()));
        forward = new SequentialBlock().add(branch).add(proxy);
        return spec.phase(forward, subset);
    }

    /**
     * Returns the block the phase trains: the branch, then its proxy head (after {@link #prepare}).
     *
     * @return the block
     */
    public Block forward() {
        if (forward == null) {
            throw new IllegalStateException("prepare() the branch first");
        }
        return forward;
    }

    /**
     * Records what the branch's phase did.
     *
     * @param result the phase's result
     */
    public void finish(PhaseResult result) {
        done.accept(this, result);
    }

    Block proxy() {
        return proxy;
    }

    int samples() {
        return subset.count();
    }
}
