package io.resgrow.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times the optimizer update alone, over every learnable parameter of a ResNet: resgrow's {@link
 * NamedSgd} (momentum 0.9, weight decay 5e-4, PyTorch form) against DJL's own SGD (a fused native update)
 * on the same arrays, alternating the two; resgrow's side includes zeroing the gradient, as its
 * parameter server does (DJL's native update zeroes the parameter's gradient itself). Tells how
 * much of a training step the update costs.
 */
public final class OptimizerBench {

    private OptimizerBench() {}

    /**
     * Runs the benchmark.
     *
     * @param blocks blocks per stage of the ResNet whose parameters are updated
     * @param rounds timed updates of all parameters, per side and round
     */
    public static void run(int[] blocks, int rounds) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net =
                    new ResNetBuilder().blocks(blocks).inputChannels(1).build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            List<Pair<String, Parameter>> params = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    params.add(p);
                }
            }
            List<NDArray> grads = new ArrayList<>();
            for (Pair<String, Parameter> p : params) {
                grads.add(manager.randomNormal(0, 1e-3f, p.getValue().getArray().getShape(), DataType.FLOAT32));
            }
            double[] ours = new double[2];
            double[] djl = new double[2];
            for (int round = 0; round < 2; round++) {
                ours[round] = resgrow(params, grads, rounds);
                djl[round] = djl(params, grads, rounds);
            }
            double best = Math.min(ours[0], ours[1]);
            double bestDjl = Math.min(djl[0], djl[1]);
            System.out.println(String.format(
                    Locale.ROOT,
                    "parameters=%d arrays blocks=%s resgrow_update_ms=%.2f djl_update_ms=%.2f resgrow/djl=%.2f"
                            + " (median of %d updates of all arrays, best of 2 alternating rounds)",
                    params.size(),
                    Arrays.toString(blocks),
                    best,
                    bestDjl,
                    best / bestDjl,
                    rounds));
        }
    }

    private static double resgrow(List<Pair<String, Parameter>> params, List<NDArray> grads, int rounds) {
        List<Long> nanos = new ArrayList<>();
        try (NamedOptimizer sgd =
                NamedSgd.builder().momentum(0.9).weightDecay(5e-4).build()) {
            for (int r = 0; r < rounds + 3; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < params.size(); i++) {
                    // what NamedParameterServer runs: the update, then the consumed gradient zeroed
                    sgd.updateAndZero(
                            params.get(i).getKey(), params.get(i).getValue().getArray(), grads.get(i), 1e-6);
                }
                if (r >= 3) {
                    nanos.add(System.nanoTime() - t0);
                }
            }
        }
        return Timings.medianMillis(nanos);
    }

    private static double djl(List<Pair<String, Parameter>> params, List<NDArray> grads, int rounds) {
        List<Long> nanos = new ArrayList<>();
        Optimizer sgd = Optimizer.sgd()
                .setLearningRateTracker(Tracker.fixed(1e-6f))
                .optMomentum(0.9f)
                .optWeightDecays(5e-4f)
                .build();
        for (int r = 0; r < rounds + 3; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i).getValue();
                sgd.update(p.getId(), p.getArray(), grads.get(i));
            }
            if (r >= 3) {
                nanos.add(System.nanoTime() - t0);
            }
        }
        return Timings.medianMillis(nanos);
    }
}
