package io.resgrow.strategies.partitioned;

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
import java.util.concurrent.atomic.AtomicLong;

/** Wraps a block and counts how often it runs forward, to prove which parts a phase executes. */
final class CountingBlock extends AbstractBlock implements MacsAware {

    private final Block inner;
    private final AtomicLong calls = new AtomicLong();

    CountingBlock(Block inner) {
        this.inner = addChildBlock("inner", inner);
    }

    long calls() {
        return calls.get();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        calls.incrementAndGet();
        return inner.forward(ps, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return inner.getOutputShapes(inputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] countMacs(MacCounter counter, Shape[] inputs) {
        return counter.visit(inner, inputs);
    }
}
