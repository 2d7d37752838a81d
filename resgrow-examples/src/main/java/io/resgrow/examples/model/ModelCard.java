package io.resgrow.examples.model;

import ai.djl.ndarray.types.Shape;
import io.resgrow.datasets.augment.Normalize;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.resnet.ResNetBuilder;

/**
 * What a saved model needs besides its parameters: the architecture as it is at the end of the run
 * (a multi-level run ends deeper and with a smaller step size than it started), the input shape,
 * the classes and the normalisation every input must get; {@code model.json} beside the
 * parameters.
 *
 * @param format the card's format, {@link #FORMAT}
 * @param architecture the network family, {@code resnet}
 * @param blocks blocks per stage
 * @param widths widths per stage
 * @param stepSize the residual step size h
 * @param inputShape one sample's shape, e.g. 1,28,28
 * @param classes the number of classes
 * @param mean per-channel mean subtracted from inputs
 * @param std per-channel standard deviation inputs are divided by
 * @param strategy the strategy that trained it
 * @param testAccuracy its test accuracy at the end of training, or null
 */
public record ModelCard(String format, String architecture, int[] blocks, int[] widths, double stepSize,
        long[] inputShape, int classes, float[] mean, float[] std, String strategy, Double testAccuracy) {

    /** The current format. */
    public static final String FORMAT = "resgrow-model-1";

    /**
     * Describes a trained ResNet.
     *
     * @param net the network, as trained
     * @param widths its widths per stage
     * @param sample one sample's shape
     * @param classes the number of classes
     * @param normalize the inputs' normalisation
     * @param strategy the strategy's description
     * @param testAccuracy the test accuracy, or null
     * @return the card
     */
    public static ModelCard of(ResNet net, int[] widths, Shape sample, int classes, Normalize normalize,
            String strategy, Double testAccuracy) {
        return new ModelCard(FORMAT, "resnet", net.blocksPerStage(), widths.clone(), net.stepSize(),
                sample.getShape(), classes, normalize.mean(), normalize.std(), strategy, testAccuracy);
    }

    /**
     * Builds the (uninitialised) network the card describes.
     *
     * @return the network
     */
    public ResNet network() {
        return new ResNetBuilder().blocks(blocks).widths(widths).stepSize(stepSize)
                .inputChannels((int) inputShape[0]).classes(classes).build();
    }

    /**
     * Returns the normalisation inputs need.
     *
     * @return the transform
     */
    public Normalize normalize() {
        return new Normalize(mean, std);
    }

    /**
     * Returns one sample's shape.
     *
     * @return the shape
     */
    public Shape sampleShape() {
        return new Shape(inputShape);
    }
}
