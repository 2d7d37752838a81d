package io.resgrow.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.resgrow.core.data.HostBatch;
import io.resgrow.datasets.ImageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The same training step through DJL's own {@link Trainer} (its SGD, its parameter store), to
 * tell the engine's cost from resgrow's: forward, loss, backward and {@code trainer.step()} per
 * batch, with the batch copied from host memory as resgrow does.
 */
final class DjlTrainerStep {

    private DjlTrainerStep() {}

    /**
     * Returns the median milliseconds per step.
     *
     * @param net the network (not initialised)
     * @param sample the shape of one sample
     * @param data the data (at least {@code (warmup + steps) * batch} samples)
     * @param batch the batch size
     * @param warmup untimed steps
     * @param steps timed steps
     * @return the median step time in ms
     */
    static double medianMillis(Block net, Shape sample, ImageSet data, int batch, int warmup, int steps) {
        return medianMillis(net, sample, data, batch, warmup, steps, s -> {});
    }

    /**
     * Returns the median milliseconds per step, calling {@code beforeStep} with each step's 0-based
     * index before it starts and with {@code warmup + steps} after the last (to profile a range).
     *
     * @param net the network (not initialised)
     * @param sample the shape of one sample
     * @param data the data (at least {@code (warmup + steps) * batch} samples)
     * @param batch the batch size
     * @param warmup untimed steps
     * @param steps timed steps
     * @param beforeStep called before every step and once after the last
     * @return the median step time in ms
     */
    static double medianMillis(
            Block net, Shape sample, ImageSet data, int batch, int warmup, int steps, IntConsumer beforeStep) {
        Engine.getInstance().setRandomSeed(1);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(0.05f))
                        .optMomentum(0.9f)
                        .optWeightDecays(5e-4f)
                        .build())
                .optDevices(new Device[] {Device.cpu()});
        List<Long> nanos = new ArrayList<>();
        try (Model model = Model.newInstance("djl-step")) {
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch).addAll(sample));
                for (int s = 0; s < warmup + steps; s++) {
                    beforeStep.accept(s);
                    int[] idx = new int[batch];
                    for (int i = 0; i < batch; i++) {
                        idx[i] = s * batch + i;
                    }
                    long t0 = System.nanoTime();
                    HostBatch hb = data.batch(idx);
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        NDList xy = hb.toDevice(m);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList preds = trainer.forward(new NDList(xy.get(0)));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(xy.get(1)), preds);
                            gc.backward(loss);
                        }
                        trainer.step();
                    }
                    if (s >= warmup) {
                        nanos.add(System.nanoTime() - t0);
                    }
                }
                beforeStep.accept(warmup + steps);
            }
        }
        return Timings.medianMillis(nanos);
    }
}
