package io.resgrow.examples.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.resgrow.core.InvalidSettingException;
import io.resgrow.core.engine.NamedParameterServer;
import io.resgrow.core.optim.Sgd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes: the forward pass with the loss, the backward pass, and the
 * update (resgrow's {@link Sgd} through its {@link NamedParameterServer}, the gradient zeroing
 * included), each timed apart on one fixed synthetic batch, as the peer script does with {@code
 * --parts}. It runs the engine's pieces in the order the training loop runs them, without the
 * loop's batch staging and accuracy count ({@code bench step} times the whole loop). The backward
 * pass is one call into libtorch, so its time is libtorch's alone; the forward pass and the update
 * cross from Java to libtorch once per operation. With {@code --compare pytorch} it alternates with
 * the peer and prints, per part, the median of the rounds' resgrow / PyTorch ratios. With a
 * TorchScript file of the peer's own network ({@code pytorch_step.py --trace FILE}) it also times
 * that graph's forward and backward passes in resgrow's libtorch: the same operations as the peer's,
 * so what separates them from the peer's is the libtorch build, not resgrow's code.
 */
public final class PartsBench {

    private static final int WARMUP = 5;
    private static final String[] NAMES = {"forward", "backward", "update", "step"};

    private PartsBench() {}

    /**
     * Runs the benchmark.
     *
     * @param s the settings ({@code rounds} apply with a comparison)
     * @param compare {@code none} or {@code pytorch}
     * @param peer the PyTorch peer script (used with {@code pytorch})
     * @param sameGraph the peer's network as TorchScript, traced at the same batch size, or null
     * @return resgrow's median step in ms, the median of its rounds
     */
    public static double run(StepBench.Settings s, String compare, Path peer, Path sameGraph) {
        if (!List.of("none", "pytorch").contains(compare)) {
            throw new InvalidSettingException("compare", compare, "none or pytorch for bench parts",
                    "pass --compare pytorch to time the peer's parts too");
        }
        if (compare.equals("pytorch")) {
            PeerStep.check(peer);
        }
        if (sameGraph != null && !Files.isRegularFile(sameGraph)) {
            throw new InvalidSettingException("same-graph", sameGraph, "a TorchScript file of the peer's network",
                    "write one with: python3 resgrow-examples/peers/pytorch_step.py --trace FILE (and the same"
                            + " network flags and --batch)");
        }
        return StepBench.withThreads(s.threads(), () -> measure(s, compare, peer, sameGraph));
    }

    private static double measure(StepBench.Settings s, String compare, Path peer, Path sameGraph) {
        int rounds = compare.equals("none") && sameGraph == null ? 1 : s.rounds();
        double[][] ours = new double[rounds][];
        double[][] theirs = new double[rounds][];
        double[][] same = new double[rounds][];
        Timings.warmUp(s.warmupSeconds(), () -> resgrowParts(s));
        if (sameGraph != null) {
            // TorchScript runs as traced, not re-optimised by the profiling executor (as the eager sides)
            JniUtils.setGraphExecutorOptimize(false);
            SameGraph.parts(sameGraph, s);
        }
        for (int round = 0; round < rounds; round++) {
            ours[round] = resgrowParts(s);
            System.out.println(String.format(Locale.ROOT, "round %d: resgrow %s", round + 1, describe(ours[round])));
            if (sameGraph != null) {
                same[round] = SameGraph.parts(sameGraph, s);
                System.out.println(String.format(Locale.ROOT, "round %d: the peer's graph in resgrow's libtorch"
                        + " forward %.3f, backward %.3f ms (medians)", round + 1, same[round][0], same[round][1]));
            }
            if (compare.equals("pytorch")) {
                theirs[round] = PeerStep.parts(peer, s.net(), s.batch(), s.steps(), s.threads());
                System.out.println(String.format(Locale.ROOT, "round %d: pytorch %s", round + 1,
                        describe(theirs[round])));
            }
        }
        System.out.println(String.format(Locale.ROOT, "resgrow %s batch=%d threads=%d steps=%d rounds=%d",
                s.net().describe(), s.batch(), s.threads(), s.steps(), rounds));
        double[] median = new double[NAMES.length];
        StringBuilder line = new StringBuilder("parts_ms_resgrow");
        for (int p = 0; p < NAMES.length; p++) {
            median[p] = Timings.median(column(ours, p));
            line.append(String.format(Locale.ROOT, " %s=%.3f", NAMES[p], median[p]));
        }
        if (compare.equals("pytorch")) {
            line.append(" (median of the rounds)\nparts_ratio_resgrow/pytorch");
            for (int p = 0; p < NAMES.length; p++) {
                line.append(String.format(Locale.ROOT, " %s=%.3f", NAMES[p],
                        Timings.median(Timings.ratios(column(ours, p), column(theirs, p)))));
            }
            line.append(" (median of the rounds' ratios)");
        }
        if (sameGraph != null) {
            line.append(String.format(Locale.ROOT, "%nparts_ms_same_graph forward=%.3f backward=%.3f (median of the"
                    + " rounds)", Timings.median(column(same, 0)), Timings.median(column(same, 1))));
            if (compare.equals("pytorch")) {
                line.append(String.format(Locale.ROOT, "%nparts_ratio_same_graph/pytorch forward=%.3f backward=%.3f"
                        + " (median of the rounds' ratios)", Timings.median(Timings.ratios(column(same, 0),
                        column(theirs, 0))), Timings.median(Timings.ratios(column(same, 1), column(theirs, 1)))));
            }
        }
        System.out.println(line);
        return median[3];
    }

    private static String describe(double[] parts) {
        StringBuilder b = new StringBuilder();
        for (int p = 0; p < NAMES.length; p++) {
            b.append(String.format(Locale.ROOT, "%s%s %.3f", p == 0 ? "" : ", ", NAMES[p], parts[p]));
        }
        return b.append(" ms (medians)").toString();
    }

    private static double[] column(double[][] rows, int p) {
        double[] c = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            c[r] = rows[r][p];
        }
        return c;
    }

    /** One run: a new network, WARMUP untimed steps and the timed ones; the parts' and the step's medians. */
    private static double[] resgrowParts(StepBench.Settings s) {
        Loss loss = Loss.softmaxCrossEntropyLoss();
        List<List<Long>> nanos = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Shape sample = s.net().sample();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                Sgd sgd = Sgd.builder().momentum(0.9).weightDecay(5e-4).build()) {
            SequentialBlock net = s.net().build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(sample));
            Map<String, String> names = new HashMap<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                names.put(p.getValue().getId(), p.getKey());
            }
            try (NamedParameterServer server = new NamedParameterServer(names, sgd)) {
                server.setLearningRate(0.05);
                ParameterStore store = new ParameterStore(manager, false);
                store.setParameterServer(server, new Device[] {Device.cpu()});
                manager.getEngine().setRandomSeed(1);
                NDArray x = manager.randomNormal(new Shape(s.batch()).addAll(sample));
                NDArray y = manager.arange(0, s.batch(), 1, DataType.INT64).mod(s.net().classes());
                for (int step = 0; step < WARMUP + s.steps(); step++) {
                    try (NDManager stepManager = manager.newSubManager()) {
                        // the step's arrays belong to the step's manager, as in the training loop
                        NDArray xs = x.duplicate();
                        NDArray ys = y.duplicate();
                        xs.attach(stepManager);
                        ys.attach(stepManager);
                        long t0 = System.nanoTime();
                        long t1;
                        long t2;
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDArray logits = net.forward(store, new NDList(xs), true).head();
                            NDArray value = loss.evaluate(new NDList(ys), new NDList(logits));
                            t1 = System.nanoTime();
                            collector.backward(value);
                            t2 = System.nanoTime();
                        }
                        store.updateAllParameters();
                        long t3 = System.nanoTime();
                        if (step >= WARMUP) {
                            long[] part = {t1 - t0, t2 - t1, t3 - t2, t3 - t0};
                            for (int p = 0; p < part.length; p++) {
                                nanos.get(p).add(part[p]);
                            }
                        }
                    }
                }
            }
        }
        double[] medians = new double[NAMES.length];
        for (int p = 0; p < medians.length; p++) {
            medians[p] = Timings.medianMillis(nanos.get(p));
        }
        return medians;
    }
}
