package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingStrategy;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code train plain}: a ResNet or a VGG trained for a fixed number of epochs. */
@Command(
        name = "plain",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = "Train a ResNet of --blocks and --widths (or a VGG: --arch vgg) for --epochs under a cosine"
                + " schedule.")
public final class PlainCommand extends RunCommand {

    @Mixin
    PlainOptions plain;

    @Mixin
    NetworkOptions network;

    @Mixin
    LocalSgdOptions localSgd;

    @Override
    String strategyName() {
        return "plain";
    }

    @Override
    void check() {
        plain.check();
        network.check();
        localSgd.check(run);
    }

    @Override
    Block network(Shape sample, int classes) {
        return network.build(sample, classes, run.data);
    }

    @Override
    TrainingStrategy strategy() {
        return plain.strategy();
    }

    @Override
    String networkName() {
        return network.describe();
    }

    @Override
    LocalSgdOptions localSgd() {
        return localSgd;
    }

    @Override
    LocalSgdOptions.Recipe localSgdRecipe() {
        // the run's defaults (RunDraft): batch 128, SGD momentum 0.9, decay 5e-4 on weights
        return new LocalSgdOptions.Recipe(List.of(plain.stage()), 128, 5e-4, true);
    }

    @Override
    void configure(RunBuilder builder) {
        plain.configure(builder, run.batchSize);
    }
}
