package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.TrainingStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code train multilevel}: Chang et al.'s multi-level training, a ResNet doubled in depth every cycle. */
@Command(
        name = "multilevel",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = "Train a ResNet that starts at --start-blocks and doubles its depth after each cycle"
                + " (Chang et al.).")
public final class MultiLevelCommand extends RunCommand {

    @Mixin
    MultiLevelOptions multilevel;

    @Mixin
    ResNetOptions resnet;

    @Mixin
    LocalSgdOptions localSgd;

    @Override
    String strategyName() {
        return "multilevel";
    }

    @Override
    void check() {
        resnet.check();
        multilevel.check();
        localSgd.check(run);
        if (localSgd.on()) {
            multilevel.checkCyclesInEpochs("--spark");
        }
    }

    @Override
    Block network(Shape sample, int classes) {
        return resnet.builder(sample, classes).build();
    }

    @Override
    TrainingStrategy strategy() {
        return multilevel.strategy(run.batchSize);
    }

    @Override
    String networkName() {
        return resnet.describe();
    }

    @Override
    LocalSgdOptions localSgd() {
        return localSgd;
    }

    @Override
    LocalSgdOptions.Recipe localSgdRecipe() {
        // MultiLevelInterpolation's defaults: batch 100, SGD momentum 0.9, decay 2e-4 on all parameters
        return new LocalSgdOptions.Recipe(multilevel.stages(), 100, 2e-4, false);
    }

    @Override
    boolean grows() {
        return true;
    }
}
