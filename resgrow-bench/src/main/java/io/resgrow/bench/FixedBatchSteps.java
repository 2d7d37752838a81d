package io.resgrow.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;

/**
 * Training steps on one fixed synthetic batch (as the peer script's), timed in parts: the forward
 * pass with the loss, the backward pass, and what the caller runs after it (the update, or the
 * gradient zeroing), each step's arrays in a manager of its own as in the training loop.
 */
final class FixedBatchSteps {

    /** Untimed steps before the timed ones. */
    static final int WARMUP = 5;

    private FixedBatchSteps() {}

    /**
     * Runs {@code WARMUP} untimed steps and the settings' timed ones.
     *
     * @param net the network, initialised
     * @param store the store the network's forward pass reads its parameters from
     * @param manager the manager the batch lives in
     * @param s the settings (batch, steps, the network's sample shape and classes)
     * @param afterBackward run after every backward pass, outside the gradient collector
     * @return the medians, in ms, of the forward pass, the backward pass, {@code afterBackward} and
     *     the whole step
     */
    static double[] time(
            Block net, ParameterStore store, NDManager manager, StepBench.Settings s, Runnable afterBackward) {
        Loss loss = Loss.softmaxCrossEntropyLoss();
        List<List<Long>> nanos = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        manager.getEngine().setRandomSeed(1);
        NDArray x = manager.randomNormal(new Shape(s.batch()).addAll(s.net().sample()));
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
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.forward(store, new NDList(xs), true).head();
                    NDArray value = loss.evaluate(new NDList(ys), new NDList(logits));
                    t1 = System.nanoTime();
                    collector.backward(value);
                }
                long t2 = System.nanoTime();
                afterBackward.run();
                long t3 = System.nanoTime();
                if (step >= WARMUP) {
                    long[] part = {t1 - t0, t2 - t1, t3 - t2, t3 - t0};
                    for (int p = 0; p < part.length; p++) {
                        nanos.get(p).add(part[p]);
                    }
                }
            }
        }
        double[] medians = new double[nanos.size()];
        for (int p = 0; p < medians.length; p++) {
            medians[p] = Timings.medianMillis(nanos.get(p));
        }
        return medians;
    }
}
