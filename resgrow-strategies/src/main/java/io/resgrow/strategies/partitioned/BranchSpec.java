package io.resgrow.strategies.partitioned;

import ai.djl.nn.Block;
import io.resgrow.core.Phase;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.network.Fused;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.placement.Routable;
import io.resgrow.core.placement.RoutedBranch;
import io.resgrow.datasets.split.Subsets;
import io.resgrow.models.head.ProxyHead;
import java.io.Serializable;

/**
 * Stage 1's work on one branch of {@link PartitionedStrategy} as plain values, so that another
 * process can do it (resgrow-spark sends it to an executor): which branch, its subset, its proxy
 * head, and its phase's rates, epochs and optimizer. The strategy itself builds the branch's phase
 * from it too, so a branch trained elsewhere trains exactly as it would in the run's own process.
 *
 * @param branch the 1-based branch
 * @param branches the network's branch count
 * @param subsetSize samples in each branch's subset
 * @param subsetSeed the seed of the subsets (the run's seed mixed in)
 * @param balanced whether subsets are class-balanced
 * @param disjoint whether subsets are disjoint
 * @param proxyOnVectors whether the branch outputs vectors (else feature maps) for its proxy head
 * @param classes the classes
 * @param epochs the phase's epochs
 * @param learningRate its initial rate
 * @param factor the rate's multiplier at each decay point
 * @param decayAt the decay points as fractions of the phase
 * @param batchSize its batch size, resolved against the run's
 * @param momentum SGD's momentum
 * @param weightDecay SGD's weight decay
 */
public record BranchSpec(
        int branch,
        int branches,
        int subsetSize,
        long subsetSeed,
        boolean balanced,
        boolean disjoint,
        boolean proxyOnVectors,
        int classes,
        int epochs,
        double learningRate,
        double factor,
        double[] decayAt,
        int batchSize,
        double momentum,
        double weightDecay)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String PHASE_PREFIX = "branch-";

    /** Copies the decay points. */
    public BranchSpec {
        decayAt = decayAt.clone();
    }

    /**
     * Returns the phase's name.
     *
     * @return {@code branch-k}
     */
    public String phaseName() {
        return PHASE_PREFIX + branch;
    }

    /**
     * Returns a new, uninitialised proxy head for the branch.
     *
     * @return the head
     */
    public Block newProxy() {
        return proxyOnVectors ? ProxyHead.forVectors(classes) : ProxyHead.forFeatureMaps(classes);
    }

    /**
     * Returns the branch as stage 1 trains it: alone, routed to its device if the network is placed.
     *
     * @param net the network
     * @return the branch's block
     */
    public Block alone(Fused net) {
        return net instanceof Routable r
                ? new RoutedBranch(r, branch - 1)
                : net.branches().get(branch - 1);
    }

    /**
     * Returns the branch's subset of the run's training data.
     *
     * @param train the run's training data
     * @return the subset
     */
    public BatchSource subset(BatchSource train) {
        return Subsets.parts(train, branches, subsetSize, subsetSeed, balanced, disjoint)
                .get(branch - 1);
    }

    /**
     * Builds the branch's phase.
     *
     * @param forward the branch followed by its proxy head
     * @param subset the branch's subset
     * @return the phase
     */
    public Phase phase(Block forward, BatchSource subset) {
        StagePlan plan = new StagePlan(epochs, learningRate, factor, decayAt, batchSize);
        return Phase.builder(phaseName(), forward)
                .epochs(epochs)
                .schedule(plan)
                .batchSize(batchSize)
                .optimizer(NamedSgd.builder()
                        .momentum(momentum)
                        .weightDecay(weightDecay)
                        .build())
                .data(subset)
                .epochShare(1.0 / branches)
                .build();
    }
}
