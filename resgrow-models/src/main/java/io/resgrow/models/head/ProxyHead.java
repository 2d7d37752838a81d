package io.resgrow.models.head;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import io.resgrow.core.check.Check;
import io.resgrow.core.freeze.FreezableBlock;
import io.resgrow.models.resnet.ResNetBuilder;

/**
 * Proxy heads: small classifiers attached to a branch or a sub-network so it can be trained alone
 * (MonolithNet's per-branch training, Istrate et al.'s growing network).
 */
public final class ProxyHead {

    private ProxyHead() {}

    /**
     * A head for feature maps of a pre-activation network: BN, ReLU, global average pooling,
     * linear.
     *
     * @param classes the number of classes
     * @return the head, freezable
     */
    public static FreezableBlock forFeatureMaps(int classes) {
        return FreezableBlock.wrap(ResNetBuilder.head(Check.positive("classes", classes)));
    }

    /**
     * A head for pooled feature vectors: one linear layer.
     *
     * @param classes the number of classes
     * @return the head, freezable
     */
    public static FreezableBlock forVectors(int classes) {
        Block linear =
                Linear.builder().setUnits(Check.positive("classes", classes)).build();
        return FreezableBlock.wrap(linear);
    }
}
