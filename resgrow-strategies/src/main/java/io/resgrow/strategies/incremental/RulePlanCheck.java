package io.resgrow.strategies.incremental;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.Growable;
import java.util.List;

/** Refuses a growth rule that reads FLOPs on a planned network whose MACs are not all known. */
final class RulePlanCheck {

    private RulePlanCheck() {}

    /**
     * Checks the whole plan before any training: a part of unknown MACs added later would make a
     * FLOPs rule read a lower bound.
     *
     * @param rule the growth rule
     * @param net the network and the sub-networks it will grow
     * @param batchInputShape the input shape of one batch
     * @throws InvalidSettingException if the rule reads FLOPs and some planned block's MACs are unknown
     */
    static void check(GrowthRule rule, Growable net, Shape batchInputShape) {
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
}
