package io.resgrow.core;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.TrainingConfig;

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
    public static RunBuilder train(Block network, Shape sampleShape) {
        return new RunBuilder(network, sampleShape);
    }

    /**
     * Starts a run of a DJL model with what a DJL training config says, as DJL's {@code
     * model.newTrainer(config)} would take it: the loss, evaluators, devices, initializers, the
     * optimizer (DJL's {@code Sgd} or {@code Adam}, with its tracker) and the listeners resgrow
     * stands in for (see {@link RunBuilder#config}). The model's block is trained where it lives: on
     * the model's manager, so after {@code fit()} DJL's {@code model.save}, {@code Model.load} and
     * {@code model.newPredictor} work with the trained parameters, and a growing strategy leaves the
     * grown block set on the model. The sample shape is read from the training data.
     *
     * @param model a model whose block is set
     * @param config e.g. a {@code DefaultTrainingConfig}
     * @return the builder
     */
    public static RunBuilder train(Model model, TrainingConfig config) {
        return new RunBuilder(model).config(config);
    }

    /**
     * Starts a run of a DJL model with resgrow's defaults (softmax cross-entropy, SGD with momentum
     * 0.9): the builder form, to which {@link RunBuilder#config} adds a DJL config.
     *
     * @param model a model whose block is set
     * @return the builder
     */
    public static RunBuilder train(Model model) {
        return new RunBuilder(model);
    }
}
