package io.resgrow.spark;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import io.resgrow.core.checkpoint.CheckpointState;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.checkpoint.ResumeMismatchException;
import io.resgrow.core.cluster.LocalSgdPlan;
import io.resgrow.core.history.Describe;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.RunHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The driver's state of a {@link LocalSgdRun} between epochs: where a run starts (fresh from the
 * seed, or from the newest valid checkpoint with the same settings) and how an epoch's end is saved
 * (parameters and momentum as two arrays, the history and the network's architecture in the
 * manifest, all checked by SHA-256 before they are loaded again).
 */
final class LocalSgdState {

    /**
     * Where a run starts.
     *
     * @param network the driver's network, initialised
     * @param state its parameters and momentum, {@code [params..., momentum...]}
     * @param history the epochs and events so far
     * @param stage the stage to continue
     * @param epoch the stage's next epoch
     * @param seconds the run's wall time so far
     * @param flops the run's training FLOPs so far
     */
    record Start(
            Block network, float[] state, RunHistory history, int stage, int epoch, double seconds, double flops) {}

    private LocalSgdState() {}

    /** The settings a resume must share with the run it continues, and that the report records. */
    static Map<String, String> settings(LocalSgdPlan plan, LocalSgdNetworks networks) {
        Map<String, String> s = new LinkedHashMap<>();
        StringBuilder stages = new StringBuilder();
        for (LocalSgdPlan.Stage stage : plan.stages()) {
            stages.append(stages.length() == 0 ? "" : "; ")
                    .append(stage.epochs())
                    .append(" epochs, ")
                    .append(Describe.of(stage.schedule()));
        }
        s.put("strategy", describe(plan));
        s.put("network", networks.architectureOf(plan.network()));
        s.put("data", plan.data().describe());
        s.put("workers", Integer.toString(plan.workers()));
        s.put("stepsPerRound", Integer.toString(plan.stepsPerRound()));
        s.put("batchSize", Integer.toString(plan.batchSize()));
        s.put("stages", stages.toString());
        s.put(
                "optimizer",
                "SGD momentum " + plan.momentum() + ", weight decay " + plan.weightDecay()
                        + (plan.decayOnlyWeights() ? " on weights" : " on all parameters"));
        s.put("seed", Long.toString(plan.seed()));
        return s;
    }

    /** The run's name, e.g. {@code local SGD: 2 workers, 10 steps per round, 1 stage of 5 epochs}. */
    static String describe(LocalSgdPlan plan) {
        int n = plan.stages().size();
        return "local SGD: " + plan.workers() + " workers, " + plan.stepsPerRound() + " steps per round, "
                + (n == 1
                        ? "1 stage of " + plan.epochs() + " epochs"
                        : n + " stages (" + plan.epochs() + " epochs), growing by interpolation between them");
    }

    /** The start: from the checkpoint directory's newest valid checkpoint when resuming, else fresh. */
    static Start start(
            LocalSgdPlan plan,
            LocalSgdNetworks networks,
            CheckpointStore store,
            Map<String, String> settings,
            NDManager manager) {
        if (store == null || !store.exists()) {
            Block net = LocalSgdRun.initialised(plan, networks, manager);
            return new Start(net, FlatParameters.withZeroMomentum(net), new RunHistory(), 0, 0, 0, 0);
        }
        CheckpointStore.Loaded loaded = store.loadLatest(manager).orElseThrow();
        CheckpointState c = loaded.state();
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String was = c.settings().get(e.getKey());
            if (!Objects.equals(was, e.getValue())) {
                differences.add(e.getKey() + ": checkpoint " + was + ", this run " + e.getValue());
            }
        }
        if (!differences.isEmpty()) {
            boolean network = !Objects.equals(c.settings().get("network"), settings.get("network"));
            throw new ResumeMismatchException(loaded.path(), differences, network);
        }
        Block net = networks.rebuild(c.architecture());
        net.initialize(manager, DataType.FLOAT32, LocalSgd.batchOf(plan.sample()));
        float[] params = loaded.params().head().toFloatArray();
        float[] momentum = loaded.optimizer().head().toFloatArray();
        float[] state = new float[params.length + momentum.length];
        System.arraycopy(params, 0, state, 0, params.length);
        System.arraycopy(momentum, 0, state, params.length, momentum.length);
        FlatParameters.load(FlatParameters.arrays(net), state, 0);
        RunHistory history = new RunHistory();
        for (EpochRecord r : c.epochs()) {
            history.add(r);
        }
        for (RunEvent e : c.events()) {
            history.add(e);
        }
        history.add(new RunEvent(
                history.epochCount(),
                0,
                "resume",
                "resumed from " + loaded.path().getFileName() + " at stage " + (c.phaseOrdinal() + 1) + ", epoch "
                        + (c.epoch() + 1),
                Map.of("checkpoint", loaded.path().toString())));
        return new Start(net, state, history, c.phaseOrdinal(), c.epoch(), c.seconds(), c.flops());
    }

    /**
     * Saves the state after an epoch (finite: {@code LocalSgd.rounds} checks every averaged value of
     * every round before it is kept).
     */
    static void save(
            CheckpointStore store,
            String architecture,
            LocalSgdPlan plan,
            Map<String, String> settings,
            float[] state,
            int stage,
            int nextEpoch,
            double seconds,
            double flops,
            RunHistory history,
            NDManager manager) {
        int n = state.length / 2;
        try (NDManager scratch = manager.newSubManager()) {
            store.save(
                    LocalSgdRun.manifest(plan, settings, architecture, stage, nextEpoch, seconds, flops, history),
                    named(scratch, "params", state, 0, n),
                    named(scratch, "momentum", state, n, n));
        }
    }

    private static NDList named(NDManager manager, String name, float[] values, int from, int count) {
        float[] part = new float[count];
        System.arraycopy(values, from, part, 0, count);
        var a = manager.create(part);
        a.setName(name);
        return new NDList(a);
    }
}
