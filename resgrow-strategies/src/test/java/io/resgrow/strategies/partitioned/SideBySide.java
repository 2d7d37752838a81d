package io.resgrow.strategies.partitioned;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.MacsAware;
import io.resgrow.core.freeze.FreezableBlock;
import io.resgrow.core.network.Fused;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's own branched network: small ResNets side by side (each whole, classifier included, and
 * counted), their logits concatenated under one linear layer.
 */
final class SideBySide extends AbstractBlock implements Fused, MacsAware {

    private final List<CountingBlock> branches = new ArrayList<>();
    private final Block fusion;
    private final int classes;

    SideBySide(int count, int classes) {
        this.classes = classes;
        for (int i = 0; i < count; i++) {
            Block resnet = new ResNetBuilder()
                    .blocks(1, 1, 1)
                    .widths(4, 8, 16)
                    .inputChannels(1)
                    .classes(classes)
                    .build();
            branches.add(addChildBlock("branch", new CountingBlock(FreezableBlock.wrap(resnet))));
        }
        fusion = addChildBlock("fusion", Linear.builder().setUnits(classes).build());
    }

    List<CountingBlock> counters() {
        return List.copyOf(branches);
    }

    @Override
    public List<Block> branches() {
        return List.copyOf(branches);
    }

    @Override
    public Block fusion() {
        return fusion;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList outs = new NDList();
        for (Block b : branches) {
            outs.add(b.forward(ps, inputs, training).singletonOrThrow());
        }
        return fusion.forward(ps, new NDList(NDArrays.concat(outs, 1)), training);
    }

    private Shape fused(Shape input) {
        return new Shape(input.get(0), (long) classes * branches.size());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return fusion.getOutputShapes(new Shape[] {fused(inputs[0])});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block b : branches) {
            b.initialize(manager, dataType, inputShapes);
        }
        fusion.initialize(manager, dataType, fused(inputShapes[0]));
    }

    @Override
    public Shape[] countMacs(MacCounter counter, Shape[] inputs) {
        for (Block b : branches) {
            counter.visit(b, inputs);
        }
        return counter.visit(fusion, new Shape[] {fused(inputs[0])});
    }
}
