package io.resgrow.core.network;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.MacsAware;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.freeze.FreezableBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's own branches side by side under a fusion head, as {@link Fused#of} makes it: every
 * branch reads the input, their outputs are concatenated along axis 1 (they must agree on every
 * other axis: vectors of any widths, or feature maps of one size) and the fusion head reads them.
 * Each branch is wrapped in a {@link FreezableBlock} so that a frozen branch runs its BatchNorm on
 * running statistics (the partitioned strategy freezes the branches while the head trains);
 * children are named {@code branch01..}, {@code fusion}.
 */
public final class FusedBlock extends AbstractBlock implements Fused, MacsAware {

    private final List<Block> branches = new ArrayList<>();
    private final Block fusion;

    FusedBlock(List<? extends Block> branches, Block fusion) {
        if (branches == null || branches.isEmpty()) {
            throw new InvalidSettingException(
                    "branches",
                    branches == null ? null : "[]",
                    "at least one branch block",
                    "pass the branches, e.g. Fused.of(List.of(netA, netB), Linear.builder().setUnits(10).build())");
        }
        if (fusion == null) {
            throw new InvalidSettingException(
                    "fusion", null, "a head block reading the concatenated branch outputs", "pass a Linear layer");
        }
        for (int i = 0; i < branches.size(); i++) {
            this.branches.add(addChildBlock(String.format("branch%02d", i + 1), FreezableBlock.wrap(branches.get(i))));
        }
        this.fusion = addChildBlock("fusion", fusion);
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

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return fusion.getOutputShapes(new Shape[] {concatenated(inputs)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block b : branches) {
            b.initialize(manager, dataType, inputShapes);
        }
        fusion.initialize(manager, dataType, concatenated(inputShapes));
    }

    @Override
    public Shape[] countMacs(MacCounter counter, Shape[] inputs) {
        for (Block b : branches) {
            counter.visit(b, inputs);
        }
        return counter.visit(fusion, new Shape[] {concatenated(inputs)});
    }

    /** The fusion head's input: the branches' outputs side by side along axis 1. */
    private Shape concatenated(Shape[] inputs) {
        long[] dims = branches.get(0).getOutputShapes(inputs)[0].getShape();
        long width = 0;
        for (Block b : branches) {
            Shape out = b.getOutputShapes(inputs)[0];
            if (out.dimension() != dims.length
                    || (dims.length > 2 && !out.slice(2).equals(new Shape(dims).slice(2)))) {
                throw new InvalidSettingException(
                        "branches",
                        "outputs " + out + " and " + new Shape(dims),
                        "branch outputs that agree on every axis but 1 (they are concatenated along it)",
                        "end each branch with a flatten or a global pooling, or give them one feature-map size");
            }
            width += out.get(1);
        }
        dims[1] = width;
        return new Shape(dims);
    }
}
