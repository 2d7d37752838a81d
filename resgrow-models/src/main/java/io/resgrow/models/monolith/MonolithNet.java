package io.resgrow.models.monolith;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.MacsAware;
import io.resgrow.core.check.Check;
import io.resgrow.core.freeze.FreezableBlock;
import io.resgrow.core.network.Architecture;
import io.resgrow.core.network.Fused;
import io.resgrow.core.network.Rebuildable;
import io.resgrow.core.placement.BranchRoute;
import io.resgrow.core.placement.Routable;
import io.resgrow.models.block.FastBatchNorm;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.wrn.WideResNets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MonolithNet (Wong et al.): {@code N} parallel branches, each a WRN-d-k backbone up to global
 * pooling (stem, stages, final BN-ReLU, pooling), their pooled features concatenated, then
 * FC(hidden), ReLU, FC(classes). Each branch and the fusion head are freezable.
 *
 * <p>The branches are {@link Routable}: with a route each runs on its slot's device and its
 * features come back to the input's device, where they are concatenated and fused.
 */
public final class MonolithNet extends AbstractBlock implements Fused, MacsAware, Routable, Rebuildable {

    private final List<FreezableBlock> branches = new ArrayList<>();
    private final FreezableBlock fusion;
    private final int featureWidth;
    private volatile BranchRoute route;
    private final Architecture architecture;

    /**
     * Builds the network.
     *
     * @param branchCount N >= 1
     * @param depth WRN depth d = 6n + 4
     * @param widen WRN widening k
     * @param hidden units of the fusion layer (16 in the paper)
     * @param inputChannels input channels
     * @param classes classes
     */
    public MonolithNet(int branchCount, int depth, int widen, int hidden, int inputChannels, int classes) {
        Check.positive("branches", branchCount);
        Check.positive("hidden", hidden);
        this.architecture = new Architecture(
                "monolith",
                0,
                Map.of(
                        "branches",
                        branchCount,
                        "depth",
                        depth,
                        "widen",
                        widen,
                        "hidden",
                        hidden,
                        "inputChannels",
                        inputChannels,
                        "classes",
                        classes));
        featureWidth = 64 * widen;
        for (int i = 0; i < branchCount; i++) {
            ResNet wrn = WideResNets.create(depth, widen, inputChannels, classes);
            SequentialBlock backbone = new SequentialBlock().add(wrn.stem());
            wrn.stageParts().forEach(backbone::add);
            backbone.add(new FastBatchNorm())
                    .add(Activation::relu)
                    .add(Pool.globalAvgPool2dBlock())
                    .add(Blocks.batchFlattenBlock());
            branches.add(addChildBlock("branch", FreezableBlock.wrap(backbone)));
        }
        fusion = addChildBlock(
                "fusion",
                FreezableBlock.wrap(new SequentialBlock()
                        .add(Linear.builder().setUnits(hidden).build())
                        .add(Activation::relu)
                        .add(Linear.builder()
                                .setUnits(Check.positive("classes", classes))
                                .build())));
    }

    @Override
    public List<Block> branches() {
        return List.copyOf(branches);
    }

    /**
     * Returns the fusion head.
     *
     * @return FC-ReLU-FC over the concatenated features
     */
    @Override
    public FreezableBlock fusion() {
        return fusion;
    }

    /**
     * Returns the width of one branch's pooled features.
     *
     * @return 64k
     */
    public int featureWidth() {
        return featureWidth;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        BranchRoute r = route;
        NDList features = new NDList(
                r != null
                        ? r.outputs(branches, ps, inputs, training)
                        : BranchRoute.outputsHere(branches, ps, inputs, training));
        // DJL's concat of a single array is a duplicate made without autograd: it would cut the gradient off
        // a lone branch, which would then never train
        NDArray joined = features.size() == 1 ? features.head() : NDArrays.concat(features, 1);
        return fusion.forward(ps, new NDList(joined), training);
    }

    @Override
    public void route(BranchRoute route) {
        this.route = route;
    }

    @Override
    public BranchRoute route() {
        return route;
    }

    /**
     * Describes the network: its constructor's arguments (it does not change in training).
     *
     * @return the description (family {@code monolith})
     */
    @Override
    public Architecture architecture() {
        return architecture;
    }

    /**
     * Builds the network a description came from.
     *
     * @param a a description of family {@code monolith}
     * @return the network, not initialised
     */
    public static MonolithNet from(Architecture a) {
        return new MonolithNet(
                a.integer("branches"),
                a.integer("depth"),
                a.integer("widen"),
                a.integer("hidden"),
                a.integer("inputChannels"),
                a.integer("classes"));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return fusion.getOutputShapes(new Shape[] {new Shape(inputs[0].get(0), (long) featureWidth * branches.size())});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block b : branches) {
            b.initialize(manager, dataType, inputShapes);
        }
        fusion.initialize(manager, dataType, new Shape(inputShapes[0].get(0), (long) featureWidth * branches.size()));
    }

    @Override
    public Shape[] countMacs(MacCounter counter, Shape[] inputs) {
        for (Block b : branches) {
            counter.visit(b, inputs);
        }
        return counter.visit(fusion, new Shape[] {new Shape(inputs[0].get(0), (long) featureWidth * branches.size())});
    }
}
