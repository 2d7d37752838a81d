package io.resgrow.examples.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.ResGrow;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.listen.TrainingListener;
import io.resgrow.core.optim.Sgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.strategy.PlainStrategy;
import io.resgrow.datasets.SyntheticDataset;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times resgrow's training step (forward, backward, SGD with momentum 0.9 and weight decay 5e-4)
 * for the ResNet of {@code shared/peers/pytorch_step.py} on 1x28x28 input, through the real
 * training loop, and prints the median milliseconds per step after warm-up.
 */
public final class StepBench {

    private StepBench() {}

    /**
     * Runs the benchmark.
     *
     * @param blocks blocks per stage
     * @param batch the batch size
     * @param steps timed steps (plus 5 warm-up steps)
     */
    public static void run(int[] blocks, int batch, int steps) {
        run(blocks, batch, steps, 1.0);
    }

    /**
     * Runs the benchmark with a step size h other than 1 in every block.
     *
     * @param blocks blocks per stage
     * @param batch the batch size
     * @param steps timed steps (plus 5 warm-up steps)
     * @param h the step size
     */
    public static void run(int[] blocks, int batch, int steps, double h) {
        int warmup = 5;
        var data = SyntheticDataset.create(batch * (steps + warmup), 10, 1, 28, 40, 1);
        // alternate the two loops, twice each, so neither gains from running second (JIT, caches)
        double[] ours = new double[2];
        double[] djl = new double[2];
        long params = 0;
        for (int round = 0; round < 2; round++) {
            SequentialBlock net = new ResNetBuilder().blocks(blocks).stepSize(h).inputChannels(1).build();
            ours[round] = resgrowMedian(net, data, batch, warmup);
            params = ParameterCount.learnable(net);
            djl[round] = DjlTrainerStep.medianMillis(new ResNetBuilder().blocks(blocks).stepSize(h).inputChannels(1).build(),
                    data, batch, warmup, steps);
        }
        double best = Math.min(ours[0], ours[1]);
        double bestDjl = Math.min(djl[0], djl[1]);
        System.out.println(String.format(Locale.ROOT,
                "params=%d blocks=%s h=%s batch=%d resgrow_step_ms=%.1f djl_trainer_step_ms=%.1f"
                        + " resgrow/djl=%.2f (best of 2 alternating runs, each the median of %d steps;"
                        + " runs: resgrow %.1f %.1f, djl %.1f %.1f; %s threads)",
                params, java.util.Arrays.toString(blocks), h, batch, best, bestDjl, best / bestDjl, steps,
                ours[0], ours[1], djl[0], djl[1], System.getProperty("ai.djl.pytorch.num_threads", "default")));
    }

    private static double resgrowMedian(SequentialBlock net, io.resgrow.datasets.ImageDataset data, int batch, int warmup) {
        List<Long> nanos = new ArrayList<>();
        ResGrow.train(net, new Shape(1, 28, 28))
                .on(data)
                .strategy(PlainStrategy.epochs(1))
                .optimizer(Sgd.builder().momentum(0.9).weightDecay(5e-4).build())
                .schedule(LrSchedule.constant(0.05))
                .batchSize(batch)
                .devices(Device.cpu())
                .quiet()
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepInfo s) {
                        if (s.step() > warmup) {
                            nanos.add(s.nanos());
                        }
                    }
                })
                .fit();
        return Timings.medianMillis(nanos);
    }
}
