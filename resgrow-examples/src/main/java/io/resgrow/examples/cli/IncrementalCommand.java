package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.TrainingStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code train incremental}: Istrate et al.'s look-ahead incremental training of a ResNet or a VGG. */
@Command(
        name = "incremental",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = "Grow a ResNet (--blocks, --widths) or a VGG (--arch vgg) one sub-network at a time (Istrate et"
                + " al.).")
public final class IncrementalCommand extends RunCommand {

    @Mixin
    NetworkOptions network;

    @Mixin
    IncrementalOptions incremental;

    @Override
    String strategyName() {
        return "incremental";
    }

    @Override
    void check() {
        network.check();
        incremental.check();
    }

    @Override
    Block network(Shape sample, int classes) {
        return network.buildGrowing(sample, classes, run.data);
    }

    @Override
    TrainingStrategy strategy() {
        // the paper's batch sizes: 32 for VGG, 128 otherwise
        return incremental.strategy(run.batchSize != null ? run.batchSize : network.vgg() ? 32 : 128);
    }

    @Override
    String networkName() {
        return network.describe();
    }

    @Override
    boolean grows() {
        return true;
    }
}
