package io.resgrow.spark;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.checkpoint.CheckpointState;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.cluster.LocalSgdPlan;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.engine.ThreadGradMode;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.RunHistory;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.network.Interpolatable;
import io.resgrow.core.network.Rebuildable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A {@link LocalSgdPlan} trained on Spark with what a run of the library has: the plan's schedule
 * step by step, weight decay, validation after every epoch, a checkpoint after every epoch (the
 * driver's parameters, momentum and history, written and verified as the library's checkpoints
 * are) that {@code resume} continues exactly, growth between stages (multi-level training), a
 * test accuracy and {@code report.json}. The rounds themselves are {@link LocalSgd}'s; {@link
 * LocalSgdEpochs} records each epoch.
 *
 * <p>An epoch is one pass of every worker over its shard: {@code ceil(shard / batchSize)} steps in
 * rounds of {@code stepsPerRound} (the last round takes what is left). Step {@code t} of the
 * stage's epoch {@code e} trains at {@code schedule.rate(e, t, stepsPerEpoch)} on every worker.
 * Momentum is averaged with the parameters every round and starts at zero after a growth. A network
 * that is already initialised (partitioned stage 3: {@link LocalSgdFineTune}) starts from its
 * parameters; an uninitialised one from the plan's seed. The result is a function of the plan's
 * seed on any master (the workers are averaged in worker order), so a resumed run ends with the
 * parameters of one that never stopped.
 */
public final class LocalSgdRun {

    /**
     * What a run trained.
     *
     * @param network the trained network on the driver (after a growth, a new block: not the plan's)
     * @param report the run's report
     * @param stepsPerEpoch the steps each worker trains in an epoch
     */
    public record Result(Block network, TrainingReport report, int stepsPerEpoch) {}

    private LocalSgdRun() {}

    /**
     * Trains the plan on a Spark context.
     *
     * @param sc the Spark context (its executors run one training at a time)
     * @param plan the training
     * @param manager the manager of the driver's parameters
     * @return the trained network and the report
     */
    public static Result fit(JavaSparkContext sc, LocalSgdPlan plan, NDManager manager) {
        checkRebuildable(plan);
        return fit(sc, plan, new LocalSgdNetworks(null, plan.sample()), manager);
    }

    /**
     * Refuses, before a Spark context starts, what {@link #fit(JavaSparkContext, LocalSgdPlan,
     * NDManager)} would refuse without one: a network the executors cannot rebuild, stages that
     * grow a network that cannot grow, checkpoints of another run when the plan does not resume.
     *
     * @param plan the training
     */
    public static void check(LocalSgdPlan plan) {
        checkRebuildable(plan);
        check(plan, null);
    }

    private static void checkRebuildable(LocalSgdPlan plan) {
        if (!(plan.network() instanceof Rebuildable)) {
            throw new InvalidSettingException(
                    "network",
                    plan.network().getClass().getSimpleName(),
                    "a network every executor rebuilds from its architecture (resgrow's ResNet, VGG, MonolithNet)",
                    "build it with resgrow's builders, or give a NetworkRecipe of your own network:"
                            + " LocalSgdRun.fit(sc, plan, recipe, manager)");
        }
    }

    /**
     * Trains the plan's network, which the executors build from a recipe of the caller's own (a DJL
     * block of yours, one stage: such a network does not grow).
     *
     * @param sc the Spark context (its executors run one training at a time)
     * @param plan the training; its network is the driver's copy of what the recipe builds
     * @param recipe how every executor builds the network (a serialisable factory)
     * @param manager the manager of the driver's parameters
     * @return the trained network and the report
     */
    public static Result fit(JavaSparkContext sc, LocalSgdPlan plan, NetworkRecipe recipe, NDManager manager) {
        return fit(sc, plan, new LocalSgdNetworks(Check.notNull("recipe", recipe), plan.sample()), manager);
    }

    private static Result fit(JavaSparkContext sc, LocalSgdPlan plan, LocalSgdNetworks networks, NDManager manager) {
        CheckpointStore unlocked =
                plan.checkpoints() == null ? null : new CheckpointStore(plan.checkpoints(), plan.keepCheckpoints());
        check(plan, unlocked);
        SparkClusters.checkOneTrainingPerExecutor(sc.master(), sc.getConf());
        // every worker's task and every executor reads the data: as many checks as either
        SparkClusters.checkData(sc, plan.data(), Math.max(plan.workers(), SparkClusters.executors(sc.master())));
        ThreadGradMode.offInThisThread();
        DataRecipe.Made made = plan.data().make();
        if (plan.workers() > made.train().count()) {
            throw new InvalidSettingException(
                    "workers",
                    plan.workers(),
                    "at most the " + made.train().count() + " training samples (each worker's shard needs one)",
                    "give fewer workers or more data");
        }
        LocalSgdEpochs epochs = new LocalSgdEpochs(plan, made, networks);
        try (CheckpointStore store = unlocked) {
            if (store != null) {
                store.lock();
            }
            return train(sc, plan, networks, manager, epochs, store);
        }
    }

    private static Result train(
            JavaSparkContext sc,
            LocalSgdPlan plan,
            LocalSgdNetworks networks,
            NDManager manager,
            LocalSgdEpochs epochs,
            CheckpointStore store) {
        Map<String, String> settings = LocalSgdState.settings(plan, networks);
        LocalSgdState.Start start = LocalSgdState.start(plan, networks, store, settings, manager);
        Block net = start.network();
        float[] state = start.state();
        RunHistory history = start.history();
        long began = System.nanoTime();
        double secondsBefore = start.seconds();
        double flops = start.flops();
        for (int s = start.stage(); s < plan.stages().size(); s++) {
            int firstEpoch = s == start.stage() ? start.epoch() : 0;
            if (s > 0 && firstEpoch == 0) {
                net = grow(net, plan, s, manager, history);
                state = FlatParameters.withZeroMomentum(net);
            }
            LocalSgdPlan.Stage stage = plan.stages().get(s);
            for (int e = firstEpoch; e < stage.epochs(); e++) {
                LocalSgdEpochs.Epoch done = epochs.train(sc, net, state, s, e, history.epochCount() + 1);
                state = done.state();
                flops += done.flops();
                double seconds = secondsBefore + (System.nanoTime() - began) / 1e9;
                history.add(epochs.record(net, done, s, history.epochCount() + 1, flops, seconds));
                if (store != null) {
                    LocalSgdState.save(
                            store,
                            networks.architectureOf(net),
                            plan,
                            settings,
                            state,
                            s,
                            e + 1,
                            seconds,
                            flops,
                            history,
                            manager);
                }
                if (plan.onEpoch() != null) {
                    plan.onEpoch().accept(history.epochs().get(history.epochCount() - 1));
                }
            }
        }
        // the network already holds the last state: each epoch's record loaded it (a run resumed with
        // nothing left to train loaded it at its start)
        double seconds = secondsBefore + (System.nanoTime() - began) / 1e9;
        TrainingReport report = epochs.report(net, history, seconds, settings);
        if (plan.report() != null) {
            report.writeJson(plan.report());
        }
        return new Result(net, report, epochs.stepsPerEpoch());
    }

    /** Refuses stages that grow a network that cannot grow, and another run's checkpoints unless resuming. */
    private static void check(LocalSgdPlan plan, CheckpointStore store) {
        if (plan.stages().size() > 1 && !(plan.network() instanceof Interpolatable)) {
            throw new InvalidSettingException(
                    "stages",
                    plan.stages().size(),
                    "one stage for a network that does not interpolate ("
                            + plan.network().getClass().getSimpleName() + ")",
                    "give one stage, or a network that grows by interpolation (resgrow's ResNet)");
        }
        CheckpointStore checked = store != null || plan.checkpoints() == null
                ? store
                : new CheckpointStore(plan.checkpoints(), plan.keepCheckpoints());
        if (checked != null && !plan.resume() && checked.exists()) {
            throw new InvalidSettingException(
                    "checkpoints",
                    plan.checkpoints(),
                    "a directory without checkpoints, unless the run resumes",
                    "resume (--resume) to continue the run that wrote them, or give another directory");
        }
    }

    /** The growth before stage {@code s}: seeded, on the driver, lined up with a rebuilt network. */
    private static Block grow(Block net, LocalSgdPlan plan, int s, NDManager manager, RunHistory history) {
        Engine.getInstance().setRandomSeed(LocalSgdMultiLevel.growthSeed(plan.seed(), s));
        ((Interpolatable) net).interpolate(manager);
        Block grown = LocalSgdMultiLevel.lineUp(net, plan.sample(), manager);
        history.add(new RunEvent(
                history.epochCount(),
                0,
                "growth",
                "interpolated to " + Arrays.toString(((Interpolatable) grown).blocksPerStage())
                        + " blocks per stage before stage " + (s + 1),
                Map.of("stage", s + 1)));
        return grown;
    }

    /**
     * The driver's start: the plan's network (initialised from the seed unless it already is), lined
     * up with the executors'.
     */
    static Block initialised(LocalSgdPlan plan, LocalSgdNetworks networks, NDManager manager) {
        Block network = plan.network();
        boolean ours = !network.isInitialized();
        if (ours) {
            Engine.getInstance().setRandomSeed((int) plan.seed());
            network.initialize(manager, DataType.FLOAT32, LocalSgd.batchOf(plan.sample()));
        }
        return LocalSgdMultiLevel.lineUp(network, networks.recipeOf(network), plan.sample(), manager, ours);
    }

    /** The checkpoint's manifest for the driver's state after an epoch. */
    static CheckpointState manifest(
            LocalSgdPlan plan,
            Map<String, String> settings,
            String architecture,
            int stage,
            int nextEpoch,
            double seconds,
            double flops,
            RunHistory history) {
        return new CheckpointState(
                CheckpointState.FORMAT,
                settings.get("strategy"),
                plan.seed(),
                stage,
                "stage-" + (stage + 1),
                nextEpoch,
                0,
                new double[0],
                seconds,
                flops,
                architecture,
                List.of(),
                history.epochs(),
                history.events(),
                settings,
                Map.of());
    }
}
