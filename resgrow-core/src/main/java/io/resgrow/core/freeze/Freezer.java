package io.resgrow.core.freeze;

import ai.djl.nn.Block;
import io.resgrow.core.account.ParameterCount;

/**
 * Freezes and unfreezes parts of a network. Frozen parameters get no gradient (so no backward work
 * when nothing before them trains), and the optimizers of this library never see them (no decay,
 * no momentum). Unfreezing leaves BatchNorm's running statistics alone (DJL's {@code
 * freezeParameters(false)} would mark them as needing gradients).
 */
public final class Freezer {

    private Freezer() {}

    /**
     * Freezes or unfreezes a block's learnable parameters (running statistics are left alone).
     * Call {@link #verify} on the block that will run forward to check BatchNorm is covered.
     *
     * @param block the part to change
     * @param frozen true to freeze
     */
    public static void setFrozen(Block block, boolean frozen) {
        block.freezeParameters(frozen, p -> !ParameterCount.isRunningStatistic(p));
        refresh(block);
    }

    /**
     * Recomputes the inference-mode state of every {@link FreezableBlock} in a tree from its
     * parameters. The training loop calls it on the phase's forward block at the start of every
     * phase, so wrappers above a part frozen with {@link #setFrozen} are current too.
     *
     * @param root the tree
     */
    public static void refresh(Block root) {
        if (root instanceof FreezableBlock f) {
            f.refresh();
        }
        for (var child : root.getChildren()) {
            refresh(child.getValue());
        }
    }

    /**
     * Checks that every BatchNorm whose parameters are frozen sits inside a fully frozen {@link
     * FreezableBlock}, so that it runs in inference mode and its running statistics stay fixed.
     *
     * @param root the block that runs forward
     * @throws IllegalArgumentException naming the first BatchNorm that would still change
     */
    public static void verify(Block root) {
        refresh(root);
        String bare = bareBatchNorm(root, null, root.getClass().getSimpleName());
        if (bare != null) {
            throw new IllegalArgumentException(
                    "Frozen BatchNorm at " + bare + " would still update its running statistics:"
                            + " it is not inside a fully frozen FreezableBlock. Fix: wrap the part"
                            + " you freeze with FreezableBlock.wrap(block) when building the"
                            + " network, and freeze the whole wrapped part");
        }
    }

    /**
     * Freezes a block.
     *
     * @param block the part to freeze
     */
    public static void freeze(Block block) {
        setFrozen(block, true);
    }

    /**
     * Unfreezes a block.
     *
     * @param block the part to unfreeze
     */
    public static void unfreeze(Block block) {
        setFrozen(block, false);
    }

    /** A batch norm of any class (DJL's, resgrow's): a block whose own parameters include running statistics. */
    private static boolean holdsRunningStatistics(Block block) {
        return block.getDirectParameters().values().stream().anyMatch(ParameterCount::isRunningStatistic);
    }

    private static String bareBatchNorm(Block block, FreezableBlock nearest, String path) {
        if (block instanceof FreezableBlock f) {
            nearest = f;
        }
        if (holdsRunningStatistics(block)) {
            boolean frozen = block.getParameters().values().stream()
                    .filter(p -> !ParameterCount.isRunningStatistic(p))
                    .noneMatch(p -> p.requiresGradient());
            if (frozen && (nearest == null || !nearest.isFrozen())) {
                return path;
            }
        }
        for (var child : block.getChildren()) {
            String found = bareBatchNorm(child.getValue(), nearest, path + "/" + child.getKey());
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
