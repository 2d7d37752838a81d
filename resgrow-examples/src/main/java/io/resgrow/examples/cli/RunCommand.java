package io.resgrow.examples.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingStrategy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A strategy's subcommand of {@code train} and {@code analyze} ({@code train plain}, {@code train
 * modelparallel multilevel}, ...): the options every run takes as a mixin, its own options, and
 * how they build the network and the strategy, as Tribuo's {@code Options.getTrainer()} does. An
 * option of another strategy is unknown to it. The command above it ({@link RunAction}) runs the
 * result.
 */
public abstract class RunCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Spec
    CommandSpec spec;

    /**
     * Returns the strategy's name as {@code --strategy} spells it, e.g. {@code plain} or
     * {@code modelparallel}.
     *
     * @return the name
     */
    abstract String strategyName();

    /** Checks the strategy's own options under their own names, before any data is read. */
    abstract void check();

    /**
     * Builds the network the strategy trains.
     *
     * @param sample one sample's shape
     * @param classes the classes
     * @return a new network
     */
    abstract Block network(Shape sample, int classes);

    /**
     * Builds the strategy.
     *
     * @return the strategy
     */
    abstract TrainingStrategy strategy();

    /**
     * Names the network in the header line.
     *
     * @return e.g. {@code ResNet blocks 2,2,2 widths 16,32,64}
     */
    abstract String networkName();

    /**
     * Returns whether the network grows, so that the header's parameter count is the start's.
     *
     * @return true for multilevel and incremental
     */
    boolean grows() {
        return false;
    }

    /**
     * Gives the run what the strategy does not hold itself; by default the evaluation batch size
     * ({@code --batch-size} is the strategy's own batch size).
     *
     * @param builder the run's builder
     */
    void configure(RunBuilder builder) {
        if (run.batchSize != null) {
            builder.evalBatchSize(run.batchSize);
        }
    }

    /**
     * Returns the run's home device, or null for the engine's default.
     *
     * @return the device
     */
    Device home() {
        return null;
    }

    /**
     * Names the device or devices in the header line.
     *
     * @return e.g. {@code cpu}
     */
    String device() {
        return Engine.getInstance().defaultDevice().toString().replace("()", "");
    }

    /**
     * Returns the options that train the strategy as local SGD on a cluster, or null for a strategy
     * that does not train that way.
     *
     * @return the options
     */
    LocalSgdOptions localSgd() {
        return null;
    }

    /**
     * Returns what the strategy gives local SGD (only asked when {@link #localSgd()} is on).
     *
     * @return its stages, batch size and decay
     */
    LocalSgdOptions.Recipe localSgdRecipe() {
        throw new UnsupportedOperationException(strategyName() + " does not train as local SGD");
    }

    @Override
    public Integer call() {
        for (CommandSpec s = spec.parent(); s != null; s = s.parent()) {
            if (s.userObject() instanceof RunAction action) {
                return action.run(new TrainSetup(this));
            }
        }
        throw new IllegalStateException(spec.qualifiedName() + " is no subcommand of train or analyze");
    }
}
