package io.resgrow.strategies.incremental;

import io.resgrow.core.check.Check;
import java.util.List;

/**
 * Decides, after each sub-network's stage, whether the network stops growing before all its
 * planned sub-networks are in: the trade-off between what the next part may add and what it
 * costs. Implement it for your own trade-off; ready rules cover the usual ones. Rules that read
 * wall time make a resumed run's decisions depend on the machine's speed.
 */
@FunctionalInterface
public interface GrowthRule {

    /**
     * Returns whether to stop growing.
     *
     * @param soFar the sub-networks added so far, S1 first, each with its value
     * @return true to keep the network as it is
     */
    boolean stopGrowing(List<SubNetworkValue> soFar);

    /**
     * Returns whether the rule reads FLOPs, which a network with blocks the MAC counter does not
     * know cannot give (such a run is refused before any work).
     *
     * @return true for the FLOP rules
     */
    default boolean readsFlops() {
        return false;
    }

    /**
     * Returns whether the rule may stop growth before all planned sub-networks are in; a strategy
     * checks the input against every planned sub-network before training when it cannot.
     *
     * @return false for {@link #never()}; true for every other rule unless it says otherwise
     */
    default boolean mayStopEarly() {
        return true;
    }

    /**
     * Marks a rule as reading FLOPs.
     *
     * @param name how the user wrote it, e.g. {@code flopBudget(1.0E9)}
     * @param rule the rule
     * @return the same rule, with {@link #readsFlops()} true
     */
    private static GrowthRule readingFlops(String name, GrowthRule rule) {
        return new GrowthRule() {
            @Override
            public boolean stopGrowing(List<SubNetworkValue> soFar) {
                return rule.stopGrowing(soFar);
            }

            @Override
            public boolean readsFlops() {
                return true;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * Never stops early: all planned sub-networks are added ({@link #mayStopEarly()} false).
     *
     * @return the rule
     */
    static GrowthRule never() {
        return new GrowthRule() {
            @Override
            public boolean stopGrowing(List<SubNetworkValue> soFar) {
                return false;
            }

            @Override
            public boolean mayStopEarly() {
                return false;
            }
        };
    }

    /**
     * Stops when the last sub-network gained less validation accuracy per added MFLOP (of
     * inference, per sample) than a threshold; S1 alone never stops growth.
     *
     * @param threshold accuracy (0..1) per MFLOP, > 0
     * @return the rule
     */
    static GrowthRule accuracyPerMflopBelow(double threshold) {
        Check.positive("threshold", threshold);
        return readingFlops(
                "accuracyPerMflopBelow(" + threshold + ")",
                soFar -> soFar.size() > 1 && soFar.get(soFar.size() - 1).accuracyPerMflop() < threshold);
    }

    /**
     * Stops once the run's training FLOPs reach a budget.
     *
     * @param flops the budget, > 0
     * @return the rule
     */
    static GrowthRule flopBudget(double flops) {
        Check.positive("flops", flops);
        return readingFlops(
                "flopBudget(" + flops + ")",
                soFar -> soFar.get(soFar.size() - 1).cumulativeFlops() >= flops);
    }

    /**
     * Stops once the run's wall time reaches a budget.
     *
     * @param seconds the budget, > 0
     * @return the rule
     */
    static GrowthRule timeBudget(double seconds) {
        Check.positive("seconds", seconds);
        return soFar -> soFar.get(soFar.size() - 1).cumulativeSeconds() >= seconds;
    }
}
