package io.resgrow.strategies.incremental;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.RunSettings;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.Growable;
import io.resgrow.core.network.GrowingNetwork;
import java.util.List;

/** The checks of an incremental run before any training: its network, its validation set, its growth rule. */
final class IncrementalChecks {

    private IncrementalChecks() {}

    /**
     * Requires a network that can grow.
     *
     * @param network the run's network
     * @throws InvalidSettingException if it does not implement {@link Growable}
     */
    static void growable(Block network) {
        if (!(network instanceof Growable)) {
            throw new InvalidSettingException(
                    "network",
                    network.getClass().getSimpleName(),
                    "a network that implements Growable (ResNetBuilder.buildGrowing, VggBuilder.buildGrowing or"
                            + " a GrowingNetwork of your own layers)",
                    "build the network with buildGrowing(...) or wrap your layers in GrowingNetwork");
        }
    }

    /**
     * Requires a validation set: the slope criterion reads validation accuracy.
     *
     * @param run the run's settings
     * @throws InvalidSettingException if the run has none
     */
    static void validation(RunSettings run) {
        if (run.validation() == null) {
            throw new InvalidSettingException(
                    "validation",
                    null,
                    "a validation set (the slope criterion reads" + " validation accuracy)",
                    "pass on(train, validation), e.g. from Subsets.split");
        }
    }

    /**
     * Checks the whole plan before any training: a part of unknown MACs added later would make a
     * FLOPs rule read a lower bound.
     *
     * @param rule the growth rule
     * @param net the network and the sub-networks it will grow
     * @param batchInputShape the input shape of one batch
     * @throws InvalidSettingException if the rule reads FLOPs and some planned block's MACs are unknown
     */
    static void growthRule(GrowthRule rule, Growable net, Shape batchInputShape) {
        if (!rule.readsFlops()) {
            return;
        }
        List<String> unknown =
                MacCounter.countInOrder(net.subNetworks(), batchInputShape).unknownBlocks();
        if (!unknown.isEmpty()) {
            throw new InvalidSettingException(
                    "growthRule",
                    rule,
                    "a rule that does not read FLOPs: the planned network has blocks of unknown MACs " + unknown,
                    "teach the counter those blocks (MacCounter.teach), or use GrowthRule.timeBudget or never");
        }
    }

    /**
     * Checks the input against every planned sub-network before any training when all of them will
     * be grown (the rule cannot stop early, as {@link GrowthRule#never()}); with one that may, the network
     * checks each sub-network when it grows.
     *
     * @param rule the growth rule
     * @param net the network
     * @param batchInputShape the input shape of one batch
     * @throws InvalidSettingException if the full planned network cannot take the input
     */
    static void input(GrowthRule rule, Growable net, Shape batchInputShape) {
        if (!rule.mayStopEarly() && net instanceof GrowingNetwork g) {
            g.checkInput(batchInputShape, net.subNetworks().size());
        }
    }
}
