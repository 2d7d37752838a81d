package io.resgrow.examples.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peer's own network, traced to TorchScript by {@code pytorch_step.py --trace}, trained in
 * resgrow's libtorch: its forward pass with the loss and its backward pass, timed apart on one
 * fixed batch. The operations are the peer's, so against the peer's eager parts this compares the two
 * libtorch builds, with resgrow's code out of the way.
 */
final class SameGraph {

    private static final int WARMUP = 5;

    private SameGraph() {}

    /**
     * Runs the traced network for the settings' steps after a few untimed ones.
     *
     * @param file the TorchScript file
     * @param s the settings (batch, steps, the network's sample shape and classes)
     * @return the medians of the forward and backward passes, in ms
     */
    static double[] parts(Path file, StepBench.Settings s) {
        Loss loss = Loss.softmaxCrossEntropyLoss();
        List<Long> forward = new ArrayList<>();
        List<Long> backward = new ArrayList<>();
        String name = file.getFileName().toString().replaceFirst("\\.pt$", "");
        try (Model model = Model.newInstance("same-graph", "PyTorch")) {
            model.load(file.toAbsolutePath().getParent(), name, Map.of("trainParam", "true"));
            Block net = model.getBlock();
            NDManager manager = model.getNDManager();
            List<NDArray> trained = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().getArray().hasGradient()) {
                    trained.add(p.getValue().getArray());
                }
            }
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(s.batch()).addAll(s.net().sample()));
            NDArray y = manager.arange(0, s.batch(), 1, DataType.INT64).mod(s.net().classes());
            for (int step = 0; step < WARMUP + s.steps(); step++) {
                try (NDManager stepManager = manager.newSubManager()) {
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
                    if (step >= WARMUP) {
                        forward.add(t1 - t0);
                        backward.add(t2 - t1);
                    }
                    // untimed: the gradients start from zero at every step, as the peer's do
                    for (NDArray w : trained) {
                        try (NDArray g = w.getGradient()) {
                            g.muli(0);
                        }
                    }
                }
            }
        } catch (IOException | ai.djl.MalformedModelException e) {
            throw new UncheckedIOException("cannot load the TorchScript file " + file,
                    e instanceof IOException io ? io : new IOException(e));
        }
        return new double[] {Timings.medianMillis(forward), Timings.medianMillis(backward)};
    }
}
