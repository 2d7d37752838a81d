package io.resgrow.models.block;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.MacsAware;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.engine.NativeArrays;
import io.resgrow.core.network.GrowableStage;
import java.util.ArrayList;
import java.util.List;

/**
 * A stage of residual blocks that can grow: blocks can be inserted anywhere, and {@link
 * #interpolate} doubles the stage as in Chang et al. (2018, section 4 and appendix B).
 */
public final class Stage extends AbstractBlock implements MacsAware, GrowableStage {

    private final List<Block> blocks = new ArrayList<>();

    /**
     * Creates a stage.
     *
     * @param blocks the blocks, at least one
     */
    public Stage(List<? extends Block> blocks) {
        if (blocks.isEmpty()) {
            throw new InvalidSettingException(
                    "blocks", 0, "at least 1 block per stage", "give every stage one block or more");
        }
        this.blocks.addAll(blocks);
        relink();
    }

    private void relink() {
        children.clear();
        for (Block b : blocks) {
            addChildBlock(b.getClass().getSimpleName(), b);
        }
    }

    @Override
    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    @Override
    public void insert(int index, Block block) {
        if (index < 0 || index > blocks.size()) {
            throw new InvalidSettingException(
                    "index",
                    index,
                    "an index in [0, " + blocks.size() + "]",
                    "insert between existing blocks or at either end");
        }
        blocks.add(index, block);
        relink();
    }

    @Override
    public Block remove(int index) {
        if (index < 0 || index >= blocks.size()) {
            throw new InvalidSettingException(
                    "index", index, "an index in [0, " + (blocks.size() - 1) + "]", "remove an existing block");
        }
        if (blocks.size() == 1) {
            throw new InvalidSettingException(
                    "index", index, "a stage that keeps at least 1 block", "do not remove the last block of a stage");
        }
        Block removed = blocks.remove(index);
        relink();
        return removed;
    }

    /**
     * Doubles the stage: after every block inserts a copy of it (parameters and BatchNorm
     * statistics copied exactly), then halves every block's step size h. A first block that
     * changes the shape cannot be copied in place, so the block inserted after it copies the old
     * second block (Chang et al., appendix B); in a stage of a single shape-changing block the new
     * block starts fresh with its last convolutions zeroed, so it leaves the output unchanged.
     *
     * @param manager the manager that owns the network's parameters
     */
    public void interpolate(NDManager manager) {
        Shape[] shapes = inputShapes;
        if (shapes == null) {
            throw new IllegalStateException("initialise the stage before interpolating it");
        }
        List<Block> grown = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            ResidualBlock b = residual(i);
            Shape[] out = b.getOutputShapes(shapes);
            grown.add(b);
            ResidualBlock source = b.changesShape() && i + 1 < blocks.size() ? residual(i + 1) : b;
            ResidualBlock copy = source.changesShape() ? b.twin(b.outChannels(), 1) : source.twin();
            copy.initialize(manager, DataType.FLOAT32, out);
            if (source.changesShape()) {
                for (ResidualFunction f : copy.functions()) {
                    f.lastConv()
                            .getParameters()
                            .values()
                            .forEach(p -> p.getArray().muli(0));
                }
            } else {
                copyParameters(source, copy);
            }
            grown.add(copy);
            shapes = out;
        }
        blocks.clear();
        blocks.addAll(grown);
        for (Block b : blocks) {
            ResidualBlock r = (ResidualBlock) b;
            r.setStepSize(r.stepSize() / 2);
        }
        relink();
    }

    private ResidualBlock residual(int i) {
        if (!(blocks.get(i) instanceof ResidualBlock r)) {
            throw new UnsupportedOperationException("interpolation needs ResidualBlocks; block " + i + " is "
                    + blocks.get(i).getClass().getSimpleName());
        }
        return r;
    }

    /**
     * Copies every parameter (running statistics included) between blocks of the same structure.
     *
     * @param from the source
     * @param to the target, initialised
     */
    public static void copyParameters(Block from, Block to) {
        List<Parameter> src = from.getParameters().values();
        List<Parameter> dst = to.getParameters().values();
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException(
                    "blocks differ in structure: " + src.size() + " vs " + dst.size() + " parameters");
        }
        for (int i = 0; i < src.size(); i++) {
            NativeArrays.copyInto(src.get(i).getArray(), dst.get(i).getArray());
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (Block b : blocks) {
            x = b.forward(ps, x, training);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape[] shapes = inputs;
        for (Block b : blocks) {
            shapes = b.getOutputShapes(shapes);
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape[] shapes = inputs;
        for (Block b : blocks) {
            b.initialize(manager, dataType, shapes);
            shapes = b.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] countMacs(MacCounter counter, Shape[] inputs) {
        Shape[] shapes = inputs;
        for (Block b : blocks) {
            shapes = counter.visit(b, shapes);
        }
        return shapes;
    }

    @Override
    public String toString() {
        return "Stage(" + blocks.size() + " blocks)";
    }
}
