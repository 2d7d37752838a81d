package io.resgrow.spark;

import ai.djl.Device;
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
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.data.Seeds;
import io.resgrow.core.engine.ThreadGradMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * One worker's part of a local-SGD round: loads the round's averaged parameters and momentum from
 * the broadcast, trains the round's steps on its shard at the rates the driver gave for them, and
 * returns its parameters, momentum, summed loss and count of correct predictions as one array:
 * {@code [params..., momentum..., loss, correct]}.
 */
final class LocalSteps implements Function<Integer, float[]> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<float[]> state;
    private final LocalSgd.Settings s;
    private final LocalSgd.RoundSteps round;

    LocalSteps(Broadcast<float[]> state, LocalSgd.Settings s, LocalSgd.RoundSteps round) {
        this.state = state;
        this.s = s;
        this.round = round;
    }

    @Override
    public float[] call(Integer worker) {
        // one training per executor: libtorch gets the task's cores (the first task, before it loads)
        ExecutorThreads.forThisTask();
        // libtorch's grad mode is per thread and on in a new one: in-place updates need it off
        ThreadGradMode.offInThisThread();
        DataRecipe.Made data = Recipes.make(s.data());
        float[] in = state.value();
        // the GPU Spark assigned to this task, if any; else the engine's default device
        Device device = ExecutorDevice.of(TaskContext.get());
        try (NDManager manager = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device)) {
            Block net = s.network().build();
            Shape sample = s.network().sampleShape();
            net.initialize(manager, DataType.FLOAT32, LocalSgd.batchOf(sample));
            List<NDArray> params = FlatParameters.arrays(net);
            int n = FlatParameters.size(params);
            FlatParameters.load(params, in, 0);
            List<NDArray> trainable = new ArrayList<>();
            List<Boolean> decays = new ArrayList<>();
            List<NDArray> velocity = new ArrayList<>();
            List<Integer> offsets = new ArrayList<>();
            int at = 0;
            for (Pair<String, Parameter> p : net.getParameters()) {
                NDArray a = p.getValue().getArray();
                int size = Math.toIntExact(a.size());
                if (p.getValue().requiresGradient()) {
                    float[] v = new float[size];
                    System.arraycopy(in, n + at, v, 0, size);
                    offsets.add(at);
                    trainable.add(a);
                    decays.add(s.weightDecay() > 0
                            && (!s.decayOnlyWeights() || p.getKey().endsWith("weight")));
                    velocity.add(manager.create(v, a.getShape()));
                }
                at += size;
            }
            int[] shard = LocalSgd.shard(data.train().count(), s.workers(), worker, s.seed());
            ParameterStore store = new ParameterStore(manager, false);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            // summed on the device and read once at the round's end: no host read in the step
            NDArray lossSum = manager.zeros(new Shape(), DataType.FLOAT64);
            NDArray correct = manager.zeros(new Shape(), DataType.INT64);
            double[] rates = round.rates();
            for (int step = 0; step < rates.length; step++) {
                long global = round.first() + step;
                HostBatch batch = data.train().batch(LocalSgd.batch(shard, global, s.batchSize()));
                data.preprocess().apply(batch, null);
                data.augment().apply(batch, new Random(Seeds.mix(s.seed(), worker, global)));
                try (NDManager stepManager = manager.newSubManager()) {
                    NDList xy = batch.toDevice(stepManager);
                    NDArray value;
                    NDArray logits;
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        logits = net.forward(store, new NDList(xy.get(0)), true).head();
                        value = loss.evaluate(new NDList(xy.get(1)), new NDList(logits));
                        c.backward(value);
                    }
                    try (NDArray wide = value.toType(DataType.FLOAT64, false)) {
                        lossSum.addi(wide);
                    }
                    correct.addi(logits.argMax(1)
                            .toType(DataType.INT64, false)
                            .eq(xy.get(1).toType(DataType.INT64, false))
                            .countNonzero());
                    for (int i = 0; i < trainable.size(); i++) {
                        NDArray p = trainable.get(i);
                        NDArray g = p.getGradient();
                        NDArray v = velocity.get(i);
                        // PyTorch's SGD: g = g + wd p (weights only), v = momentum v + g, p = p - lr v
                        if (decays.get(i)) {
                            try (NDArray decay = p.mul(s.weightDecay())) {
                                g.addi(decay);
                            }
                        }
                        v.muli(s.momentum()).addi(g);
                        try (NDArray move = v.mul(rates[step])) {
                            p.subi(move);
                        }
                        g.muli(0);
                    }
                }
            }
            float[] out = new float[2 * n + 2];
            System.arraycopy(FlatParameters.of(params), 0, out, 0, n);
            for (int i = 0; i < velocity.size(); i++) {
                float[] v = velocity.get(i).toFloatArray();
                System.arraycopy(v, 0, out, n + offsets.get(i), v.length);
            }
            out[2 * n] = (float) lossSum.getDouble();
            out[2 * n + 1] = correct.getLong();
            return out;
        }
    }
}
