package io.resgrow.models.block;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.freeze.FreezableBlock;
import io.resgrow.core.network.Architecture;
import io.resgrow.core.network.Branched;
import io.resgrow.core.network.Interpolatable;
import io.resgrow.core.network.Partitioned;
import io.resgrow.core.network.Rebuildable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A residual network laid out as {@code [stem, stage 1, ..., stage K, head]}: each stage and the
 * head are wrapped in a {@link FreezableBlock} so they can be frozen, and the network is
 * {@link Partitioned} into sub-networks (by default the stages, the stem joined to the first) and
 * the classifier head, as Istrate et al. group blocks of the same width; its {@link #branches()}
 * are the residual functions of all blocks.
 */
public final class ResNet extends SequentialBlock implements Partitioned, Interpolatable, Branched, Rebuildable {

    private final Block stem;
    private final List<Stage> stages;
    private final List<FreezableBlock> stageParts = new ArrayList<>();
    private final FreezableBlock head;
    private List<Block> subNetworks;
    private Architecture recipe;

    /**
     * Assembles the network.
     *
     * @param stem the stem (a convolution)
     * @param stages the stages
     * @param head the classifier head (final BN-ReLU, pooling, linear layer)
     */
    public ResNet(Block stem, List<Stage> stages, Block head) {
        this.stem = stem;
        this.stages = List.copyOf(stages);
        add(stem);
        for (Stage s : stages) {
            FreezableBlock part = FreezableBlock.wrap(s);
            stageParts.add(part);
            add(part);
        }
        this.head = FreezableBlock.wrap(head);
        add(this.head);
    }

    /**
     * Records the builder settings that made this network (ResNetBuilder calls it), so that it can
     * be saved and built again as it is after training.
     *
     * @param builtBy the builder's settings
     * @return this network
     */
    public ResNet describedBy(Architecture builtBy) {
        this.recipe = builtBy;
        return this;
    }

    /**
     * Describes the network as it is now: its builder's settings with the current blocks per stage
     * and step size (a multi-level run changes both).
     *
     * @return the description
     */
    @Override
    public Architecture architecture() {
        if (recipe == null) {
            throw new InvalidSettingException(
                    "network",
                    "a ResNet assembled by hand",
                    "a ResNet built by ResNetBuilder (or given describedBy(...))",
                    "build it with ResNetBuilder, or save its parameters with DJL's Model.save yourself");
        }
        Map<String, Object> now = new LinkedHashMap<>(recipe.settings());
        now.put("blocks", Arrays.stream(blocksPerStage()).boxed().toList());
        now.put("stepSize", stepSize());
        return new Architecture(recipe.family(), 0, now);
    }

    /**
     * Returns the stages.
     *
     * @return the stages in order
     */
    public List<Stage> stages() {
        return stages;
    }

    /**
     * Returns the freezable wrapper of each stage.
     *
     * @return the wrappers in order
     */
    public List<FreezableBlock> stageParts() {
        return List.copyOf(stageParts);
    }

    /**
     * Returns the stem.
     *
     * @return the stem
     */
    public Block stem() {
        return stem;
    }

    /**
     * Returns blocks per stage.
     *
     * @return e.g. {2, 2, 2}
     */
    @Override
    public int[] blocksPerStage() {
        return stages.stream().mapToInt(s -> s.blocks().size()).toArray();
    }

    /**
     * Returns the step size h of the first residual block.
     *
     * @return h
     */
    @Override
    public double stepSize() {
        return ((ResidualBlock) stages.get(0).blocks().get(0)).stepSize();
    }

    /**
     * Interpolates every stage (see {@link Stage#interpolate}): blocks double, h halves.
     *
     * @param manager the manager that owns the network's parameters
     */
    @Override
    public void interpolate(NDManager manager) {
        for (Stage s : stages) {
            s.interpolate(manager);
        }
    }

    @Override
    public synchronized List<Block> subNetworks() {
        if (subNetworks == null) {
            List<Block> parts = new ArrayList<>();
            parts.add(new SequentialBlock().add(stem).add(stageParts.get(0)));
            parts.addAll(stageParts.subList(1, stageParts.size()));
            subNetworks = List.copyOf(parts);
        }
        return subNetworks;
    }

    /**
     * Returns every residual function of every block (k per block in a multi-residual network),
     * each freezable, for freezing or placing on devices. Computed anew: it follows growth.
     *
     * @return the branches in network order
     */
    @Override
    public List<Block> branches() {
        List<Block> out = new ArrayList<>();
        for (Stage s : stages) {
            for (Block b : s.blocks()) {
                if (b instanceof ResidualBlock r) {
                    out.addAll(r.branches());
                }
            }
        }
        return out;
    }

    @Override
    public Block classifier() {
        return head;
    }
}
