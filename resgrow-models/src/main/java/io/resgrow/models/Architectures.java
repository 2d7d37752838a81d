package io.resgrow.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.Architecture;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.models.vgg.VggBuilder;

/**
 * Builds a network again from its {@link Architecture} (a saved model's {@code model.json}): a
 * ResNet as it ended training (a multi-level run's depth and step size), a grown network with as
 * many sub-networks as it had grown, a MonolithNet with its branches and head. The result is not
 * initialised; DJL's {@code Model.load} gives it the saved parameters.
 */
public final class Architectures {

    private Architectures() {}

    /**
     * Builds the network a description came from.
     *
     * @param a the description
     * @param sample one input sample's shape (a growing ResNet partitions its layers by it)
     * @return the network, not initialised
     */
    public static Block build(Architecture a, Shape sample) {
        return switch (a.family()) {
            case "resnet" ->
                a.grown() > 0
                        ? ResNetBuilder.from(a).buildGrowing(sample, a.grown())
                        : ResNetBuilder.from(a).build();
            case "vgg" ->
                a.grown() > 0
                        ? VggBuilder.from(a).buildGrowing(a.grown())
                        : VggBuilder.from(a).build();
            case "monolith" -> MonolithNet.from(a);
            default ->
                throw new InvalidSettingException(
                        "architecture.family",
                        a.family(),
                        "resnet, vgg or monolith",
                        "save the network with this version of resgrow");
        };
    }
}
