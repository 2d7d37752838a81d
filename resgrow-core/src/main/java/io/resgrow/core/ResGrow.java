package io.resgrow.core;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * The entry point:
 *
 * <pre>{@code
 * TrainingReport report = ResGrow.train(network, new Shape(1, 28, 28))
 *         .on(trainSet, validationSet)
 *         .test(testSet)
 *         .strategy(PlainStrategy.epochs(5))
 *         .optimizer(NamedSgd.builder().momentum(0.9).build())
 *         .fit();
 * }</pre>
 */
public final class ResGrow {

    private ResGrow() {}

    /**
     * Starts a run.
     *
     * @param network the network (initialised here if it is not yet)
     * @param sampleShape the shape of one input sample, without the batch dimension
     * @return the builder
     */
    public static TrainingRun.Builder train(Block network, Shape sampleShape) {
        return new TrainingRun.Builder(network, sampleShape);
    }
}
