package io.resgrow.strategies.incremental;

/**
 * What one sub-network brought to the network (Istrate et al.'s "value added by each network
 * extension"), as a growth rule sees it and the report records it.
 *
 * @param subNetwork 1-based: S1, S2, ...
 * @param epochAdded run epochs completed when it was added (0 for S1)
 * @param accuracyBefore validation accuracy just before it was added (NaN for S1)
 * @param accuracyAfterLookAhead validation accuracy after its look-ahead phase (NaN for S1 or in
 *     random mode)
 * @param accuracyEnd validation accuracy at the end of its stage
 * @param parametersAdded learnable parameters it added (its own, plus the change of the classifier)
 * @param macsAdded multiply-accumulates per sample it added (likewise)
 * @param cumulativeFlops training FLOPs of the run at the end of its stage
 * @param cumulativeSeconds wall time of the run at the end of its stage
 */
public record SubNetworkValue(
        int subNetwork,
        int epochAdded,
        double accuracyBefore,
        double accuracyAfterLookAhead,
        double accuracyEnd,
        long parametersAdded,
        long macsAdded,
        double cumulativeFlops,
        double cumulativeSeconds) {

    /**
     * Returns the validation accuracy gained over the network before it (for S1, its own).
     *
     * @return the gain, in accuracy points (0..1)
     */
    public double accuracyGained() {
        return Double.isNaN(accuracyBefore) ? accuracyEnd : accuracyEnd - accuracyBefore;
    }

    /**
     * Returns the accuracy gained per added million FLOPs of inference per sample (2 per MAC).
     *
     * @return gain / MFLOP, infinite if it added none
     */
    public double accuracyPerMflop() {
        return accuracyGained() / (2.0 * macsAdded / 1e6);
    }
}
