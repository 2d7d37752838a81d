package io.resgrow.bench;

import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Counts the native operations of a training step in resgrow's loop (the path every strategy runs)
 * and in DJL's own {@code Trainer} (its SGD, its parameter store), on the same network, batch and
 * data, over the same steps after warm-up, and prints both per step with the names whose counts
 * differ.
 */
public final class OpCountBench {

    private static final int WARMUP = 2;

    /**
     * Per-step counts of both loops.
     *
     * @param resgrow resgrow's loop, top-level operations per step
     * @param djl DJL's Trainer, top-level operations per step
     */
    public record Result(double resgrow, double djl) {}

    private OpCountBench() {}

    /**
     * Runs both loops and prints the counts.
     *
     * @param net the network
     * @param batch the batch size
     * @param steps profiled steps
     * @return the per-step counts
     */
    public static Result run(StepNetwork net, int batch, int steps) {
        Engine.getEngine("PyTorch");
        var data = net.data(batch * (steps + WARMUP));
        NativeOps.Count[] ours = new NativeOps.Count[1];
        StepBench.resgrowMedian(net.build(), net.sample(), batch, data, WARMUP, done -> {
            if (done == WARMUP) {
                NativeOps.start();
            } else if (done == WARMUP + steps) {
                ours[0] = NativeOps.stop();
            }
        });
        NativeOps.Count[] theirs = new NativeOps.Count[1];
        DjlTrainerStep.medianMillis(net.build(), net.sample(), data, batch, WARMUP, steps, s -> {
            if (s == WARMUP) {
                NativeOps.start();
            } else if (s == WARMUP + steps) {
                theirs[0] = NativeOps.stop();
            }
        });
        Result r = new Result(ours[0].topLevelTotal() / (double) steps, theirs[0].topLevelTotal() / (double) steps);
        System.out.println(String.format(
                Locale.ROOT,
                "native operations per step (%s batch=%d, %d steps profiled):",
                net.describe(),
                batch,
                steps));
        System.out.println(String.format(Locale.ROOT, "  %-36s %10s %10s", "top-level operation", "resgrow", "djl"));
        TreeSet<String> names = new TreeSet<>(ours[0].topLevel().keySet());
        names.addAll(theirs[0].topLevel().keySet());
        for (String name : names) {
            double a = perStep(ours[0].topLevel(), name, steps);
            double b = perStep(theirs[0].topLevel(), name, steps);
            if (a != b) {
                System.out.println(String.format(Locale.ROOT, "  %-36s %10.1f %10.1f", name, a, b));
            }
        }
        System.out.println(String.format(Locale.ROOT, "  (operations with equal counts not listed)"));
        System.out.println(String.format(
                Locale.ROOT,
                "resgrow_ops_per_step=%.1f djl_ops_per_step=%.1f resgrow/djl=%.3f"
                        + " (all operator calls, nested included: resgrow %.1f, djl %.1f)",
                r.resgrow(),
                r.djl(),
                r.resgrow() / r.djl(),
                ours[0].all() / (double) steps,
                theirs[0].all() / (double) steps));
        return r;
    }

    private static double perStep(Map<String, Integer> counts, String name, int steps) {
        return counts.getOrDefault(name, 0) / (double) steps;
    }
}
