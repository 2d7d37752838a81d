package io.resgrow.examples.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code train modelparallel STRATEGY}: Abdi and Nahavandi's model parallelism, a strategy whose
 * network's parallel parts (a Multi-ResNet's residual functions, a MonolithNet's branches) run on
 * the devices of {@link DeviceOptions}, a mixin on each strategy it wraps.
 */
@Command(
        name = "modelparallel",
        mixinStandardHelpOptions = true,
        description = "Spread a strategy's network over devices: modelparallel plain|multilevel|incremental|partitioned"
                + " (plain if none is named).",
        subcommands = {
            ModelParallelCommand.Plain.class,
            ModelParallelCommand.MultiLevel.class,
            ModelParallelCommand.Incremental.class,
            ModelParallelCommand.Partitioned.class
        })
public final class ModelParallelCommand implements Callable<Integer> {

    /** The strategies it wraps. */
    static final List<String> INNER = List.of("plain", "multilevel", "incremental", "partitioned");

    @Option(names = "--inner", hidden = true, description = "the wrapped strategy (--strategy's alias form)")
    String inner;

    @Override
    public Integer call() {
        // reached only through the --strategy alias with a wrapped strategy of no such name
        throw new InvalidSettingException(
                "--inner",
                inner,
                "plain, multilevel, incremental or partitioned",
                "use --inner plain, multilevel, incremental or partitioned");
    }

    /** What every wrapped strategy shares: the devices, and the run on the first of them. */
    abstract static class Placed extends RunCommand {

        @Mixin
        DeviceOptions devices;

        @Override
        String strategyName() {
            return "modelparallel";
        }

        @Override
        Device home() {
            return devices.home();
        }

        @Override
        String device() {
            return devices.devices();
        }
    }

    /** What the strategies that train a Multi-ResNet share: its options, its checks, the network. */
    abstract static class MultiRes extends Placed {

        @Mixin
        MultiResOptions multires;

        /** Checks the wrapped strategy's own options. */
        abstract void checkStrategy();

        @Override
        void check() {
            devices.check("--k", multires.k);
            multires.check();
            checkStrategy();
        }

        @Override
        Block network(Shape sample, int classes) {
            return multires.network(sample, classes);
        }

        @Override
        String networkName() {
            return multires.describe();
        }
    }

    /** Plain training of a Multi-ResNet whose residual functions are placed. */
    @Command(
            name = "plain",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            abbreviateSynopsis = true,
            description = "Train a Multi-ResNet for --epochs with its residual functions on --devices.")
    static final class Plain extends MultiRes {

        @Mixin
        PlainOptions plain;

        @Override
        void checkStrategy() {
            plain.check();
        }

        @Override
        TrainingStrategy strategy() {
            return devices.wrap(plain.strategy(), "--k", multires.k);
        }

        @Override
        void configure(RunBuilder builder) {
            plain.configure(builder, run.batchSize);
        }
    }

    /** Multi-level training of a Multi-ResNet whose residual functions are placed. */
    @Command(
            name = "multilevel",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            abbreviateSynopsis = true,
            description = "Multi-level training of a Multi-ResNet with its residual functions on --devices.")
    static final class MultiLevel extends MultiRes {

        @Mixin
        MultiLevelOptions multilevel;

        @Override
        void checkStrategy() {
            multilevel.check();
        }

        @Override
        TrainingStrategy strategy() {
            return devices.wrap(multilevel.strategy(run.batchSize), "--k", multires.k);
        }

        @Override
        boolean grows() {
            return true;
        }
    }

    /** Incremental training of a ResNet with {@code --k} placed residual functions per block. */
    @Command(
            name = "incremental",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            abbreviateSynopsis = true,
            description = "Grow a ResNet of --blocks and --widths with --k residual functions per block on --devices.")
    static final class Incremental extends Placed {

        @Option(names = "--arch", defaultValue = "resnet", description = "resnet (default: ${DEFAULT-VALUE})")
        String arch;

        @Option(
                names = "--k",
                defaultValue = "2",
                description = "residual functions per block (default: ${DEFAULT-VALUE})")
        int k;

        @Mixin
        IncrementalOptions incremental;

        @Mixin
        ResNetOptions resnet;

        @Override
        void check() {
            devices.check("--k", k);
            if (!arch.equals("resnet")) {
                throw new InvalidSettingException(
                        "--arch",
                        arch,
                        "resnet (incremental growth of a ResNet with --k"
                                + " residual functions per block, whose functions are placed)",
                        "use --arch resnet or leave" + " --arch out");
            }
            Check.positive("--k", k);
            resnet.check();
            incremental.check();
        }

        @Override
        Block network(Shape sample, int classes) {
            return resnet.builder(sample, classes).functionsPerBlock(k).buildGrowing(sample);
        }

        @Override
        TrainingStrategy strategy() {
            return devices.wrap(incremental.strategy(run.batchSize != null ? run.batchSize : 128), "--k", k);
        }

        @Override
        String networkName() {
            return "growing " + resnet.describe() + " (k=" + k + ")";
        }

        @Override
        boolean grows() {
            return true;
        }
    }

    /** Partitioned training of a MonolithNet whose branches are placed. */
    @Command(
            name = "partitioned",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            abbreviateSynopsis = true,
            description = "Partitioned training of a MonolithNet with its branches on --devices.")
    static final class Partitioned extends Placed {

        @Option(names = "--arch", defaultValue = "monolith", description = "monolith (default: ${DEFAULT-VALUE})")
        String arch;

        @Mixin
        PartitionedOptions partitioned;

        @Override
        void check() {
            devices.check("--branches", partitioned.branches);
            if (!arch.equals("monolith")) {
                throw new InvalidSettingException(
                        "--arch",
                        arch,
                        "monolith (partitioned training places MonolithNet's" + " branches)",
                        "use --arch monolith or leave --arch out");
            }
            if (partitioned.offload) {
                throw new InvalidSettingException(
                        "--offload",
                        true,
                        "no --offload under --strategy modelparallel (the"
                                + " placement decides where every branch lives)",
                        "drop --offload");
            }
            partitioned.check(run.batchSize);
        }

        @Override
        Block network(Shape sample, int classes) {
            return partitioned.network(sample, classes);
        }

        @Override
        TrainingStrategy strategy() {
            return devices.wrap(partitioned.strategy(run.batchSize), "--branches", partitioned.branches);
        }

        @Override
        String networkName() {
            return partitioned.describe();
        }
    }
}
