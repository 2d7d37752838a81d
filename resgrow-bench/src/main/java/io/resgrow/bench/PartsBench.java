package io.resgrow.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.optim.NamedParameterServer;
import io.resgrow.core.optim.NamedSgd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes: the forward pass with the loss, the backward pass, and the
 * update (resgrow's {@link NamedSgd} through its {@link NamedParameterServer}, the gradient zeroing
 * included), each timed apart on one fixed synthetic batch, as the peer script does with {@code
 * --parts}. It runs the engine's pieces in the order the training loop runs them, without the
 * loop's batch staging and accuracy count ({@code bench step} times the whole loop). With {@code
 * --compare pytorch} it alternates with the peer and prints, per part, the median of the rounds'
 * resgrow / PyTorch ratios. With a TorchScript file of the peer's own network ({@code
 * pytorch_step.py --trace FILE}) it also times that graph's forward and backward passes in resgrow's
 * libtorch, and (when comparing) the peer with its gradients zeroed in place as resgrow's are ({@code
 * --zero-grads}): the same operations on both sides, so what separates them is the libtorch build.
 */
public final class PartsBench {

    private static final String[] NAMES = {"forward", "backward", "update", "step"};
    private static final String GRAPH_OPTIMIZER = "ai.djl.pytorch.graph_optimizer";

    private PartsBench() {}

    /**
     * Runs the benchmark.
     *
     * @param s the settings ({@code rounds} apply with a comparison or a traced graph)
     * @param compare {@code none} or {@code pytorch}
     * @param peer the PyTorch peer script (used with {@code pytorch})
     * @param sameGraph the peer's network as TorchScript, traced at the same batch size, or null
     * @return resgrow's median step in ms, the median of its rounds
     */
    public static double run(StepBench.Settings s, String compare, Path peer, Path sameGraph) {
        if (!List.of("none", "pytorch").contains(compare)) {
            throw new InvalidSettingException(
                    "compare",
                    compare,
                    "none or pytorch for bench parts",
                    "pass --compare pytorch to time the peer's parts too");
        }
        if (compare.equals("pytorch")) {
            PeerStep.check(peer);
        }
        if (sameGraph != null && !Files.isRegularFile(sameGraph)) {
            throw new InvalidSettingException(
                    "same-graph",
                    sameGraph,
                    "an existing TorchScript file of the peer's" + " network ("
                            + (Files.exists(sameGraph) ? "this is not a regular file" : "no such file") + ")",
                    "write one with: " + SameGraph.traceCommand(s));
        }
        return StepBench.withThreads(s.threads(), () -> {
            if (sameGraph == null) {
                return measure(s, compare, peer, null);
            }
            // TorchScript runs as traced, not re-optimised by the profiling executor (as the eager
            // sides run). The setting is the calling thread's; DJL's traced block sets it again at
            // every forward pass while its property is set, so the property is lifted for the run
            String property = System.getProperty(GRAPH_OPTIMIZER);
            System.clearProperty(GRAPH_OPTIMIZER);
            JniUtils.setGraphExecutorOptimize(false);
            try {
                return measure(s, compare, peer, sameGraph);
            } finally {
                if (property != null) {
                    System.setProperty(GRAPH_OPTIMIZER, property);
                }
                JniUtils.setGraphExecutorOptimize(property == null || Boolean.parseBoolean(property));
            }
        });
    }

    private static double measure(StepBench.Settings s, String compare, Path peer, Path sameGraph) {
        boolean pytorch = compare.equals("pytorch");
        int rounds = pytorch || sameGraph != null ? s.rounds() : 1;
        double[][] ours = new double[rounds][];
        double[][] theirs = new double[rounds][];
        double[][] same = new double[rounds][];
        double[][] zeroed = new double[rounds][];
        if (sameGraph != null) {
            SameGraph.parts(sameGraph, s); // untimed: checks the file before any other work
        }
        Timings.warmUp(s.warmupSeconds(), () -> resgrowParts(s));
        for (int round = 0; round < rounds; round++) {
            ours[round] = resgrowParts(s);
            print(round, "resgrow", ours[round]);
            if (sameGraph != null) {
                same[round] = SameGraph.parts(sameGraph, s);
                System.out.println(String.format(
                        Locale.ROOT,
                        "round %d: the peer's graph in resgrow's libtorch"
                                + " forward %.3f, backward %.3f ms (medians)",
                        round + 1,
                        same[round][0],
                        same[round][1]));
            }
            if (pytorch) {
                theirs[round] = PeerStep.parts(peer, s.net(), s.batch(), s.steps(), s.threads(), false);
                print(round, "pytorch", theirs[round]);
                if (sameGraph != null) {
                    zeroed[round] = PeerStep.parts(peer, s.net(), s.batch(), s.steps(), s.threads(), true);
                    print(round, "pytorch --zero-grads", zeroed[round]);
                }
            }
        }
        System.out.println(String.format(
                Locale.ROOT,
                "resgrow %s batch=%d threads=%d steps=%d rounds=%d",
                s.net().describe(),
                s.batch(),
                s.threads(),
                s.steps(),
                rounds));
        StringBuilder out = new StringBuilder("parts_ms_resgrow");
        for (int p = 0; p < NAMES.length; p++) {
            out.append(String.format(Locale.ROOT, " %s=%.3f", NAMES[p], Timings.median(column(ours, p))));
        }
        out.append(" (median of the rounds)");
        if (pytorch) {
            ratios(out, "resgrow/pytorch", ours, theirs, NAMES.length);
        }
        if (sameGraph != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "%nparts_ms_same_graph forward=%.3f backward=%.3f (median of the" + " rounds)",
                    Timings.median(column(same, 0)),
                    Timings.median(column(same, 1))));
            if (pytorch) {
                ratios(out, "resgrow/pytorch_zero_grads", ours, zeroed, NAMES.length);
                ratios(out, "same_graph/pytorch_zero_grads", same, zeroed, 2);
            }
        }
        System.out.println(out);
        return Timings.median(column(ours, 3));
    }

    private static void print(int round, String side, double[] parts) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "round %d: %s ", round + 1, side));
        for (int p = 0; p < NAMES.length; p++) {
            b.append(String.format(Locale.ROOT, "%s%s %.3f", p == 0 ? "" : ", ", NAMES[p], parts[p]));
        }
        System.out.println(b.append(" ms (medians)"));
    }

    /** Appends a line of per-part medians of the rounds' ratios, for the first {@code parts} parts. */
    private static void ratios(StringBuilder out, String label, double[][] a, double[][] b, int parts) {
        out.append("\nparts_ratio_").append(label);
        for (int p = 0; p < parts; p++) {
            out.append(String.format(
                    Locale.ROOT, " %s=%.3f", NAMES[p], Timings.median(Timings.ratios(column(a, p), column(b, p)))));
        }
        out.append(" (median of the rounds' ratios)");
    }

    private static double[] column(double[][] rows, int p) {
        double[] c = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            c[r] = rows[r][p];
        }
        return c;
    }

    /** One run of resgrow's pieces on a new network: the parts' and the step's medians. */
    private static double[] resgrowParts(StepBench.Settings s) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                NamedSgd sgd =
                        NamedSgd.builder().momentum(0.9).weightDecay(5e-4).build()) {
            SequentialBlock net = s.net().build();
            net.initialize(
                    manager, DataType.FLOAT32, new Shape(1).addAll(s.net().sample()));
            Map<String, String> names = new HashMap<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                names.put(p.getValue().getId(), p.getKey());
            }
            try (NamedParameterServer server = new NamedParameterServer(names, sgd)) {
                server.setLearningRate(0.05);
                ParameterStore store = new ParameterStore(manager, false);
                store.setParameterServer(server, new Device[] {Device.cpu()});
                return FixedBatchSteps.time(net, store, manager, s, store::updateAllParameters);
            }
        }
    }
}
