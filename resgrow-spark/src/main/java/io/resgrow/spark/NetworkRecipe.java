package io.resgrow.spark;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.network.Architecture;
import io.resgrow.models.Architectures;
import java.io.Serializable;

/**
 * A network as plain values that every executor builds again (uninitialised; its parameters come
 * from the driver): a resgrow network's {@link Architecture}, or a factory of your own.
 */
public interface NetworkRecipe extends Serializable {

    /**
     * Builds the network, not initialised.
     *
     * @return the network
     */
    Block build();

    /**
     * Returns one sample's shape.
     *
     * @return e.g. (1, 28, 28)
     */
    Shape sampleShape();

    /**
     * A resgrow network (ResNet, VGG, MonolithNet) from its architecture.
     *
     * @param architecture the network's {@code Rebuildable.architecture()}
     * @param sample one sample's shape
     * @return the recipe
     */
    static NetworkRecipe of(Architecture architecture, Shape sample) {
        return new FromArchitecture(Json.of(architecture), sample.getShape());
    }

    /**
     * A network built again from its architecture's JSON.
     *
     * @param architecture the architecture as JSON
     * @param sample one sample's shape
     */
    record FromArchitecture(String architecture, long[] sample) implements NetworkRecipe {

        private static final long serialVersionUID = 1L;

        @Override
        public Block build() {
            return Architectures.build(Json.architecture(architecture), sampleShape());
        }

        @Override
        public Shape sampleShape() {
            return new Shape(sample);
        }
    }
}
