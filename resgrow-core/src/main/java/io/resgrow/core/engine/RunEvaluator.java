package io.resgrow.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.data.Prefetcher;
import io.resgrow.core.data.StagedBatch;
import io.resgrow.core.metric.Objective;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Classification accuracy of a block on a data source, in inference mode. Correct predictions are
 * counted on the device and read once at the end (no per-batch synchronisation); batches are
 * gathered and converted one ahead on a background thread ({@link Prefetcher}). Each block uses its
 * parameters where they live ({@link InferenceParameterStore}), so a network placed on several
 * devices is evaluated as it trains.
 */
public final class RunEvaluator {

    private RunEvaluator() {}

    /**
     * Returns the accuracy.
     *
     * @param block the block producing logits
     * @param data the data
     * @param batchSize the evaluation batch size
     * @param device where to run
     * @return the fraction of correct top-1 predictions, NaN for empty data
     */
    public static double accuracy(Block block, BatchSource data, int batchSize, Device device) {
        return accuracy(block, data, batchSize, device, null);
    }

    /**
     * Returns the accuracy, with a hook that may change each host batch first (e.g. normalise).
     *
     * @param block the block producing logits
     * @param data the data
     * @param batchSize the evaluation batch size
     * @param device where to run
     * @param prepare a change applied to each batch before it moves to the device, or null
     * @return the fraction of correct top-1 predictions, NaN for empty data
     */
    public static double accuracy(
            Block block, BatchSource data, int batchSize, Device device, Consumer<HostBatch> prepare) {
        return evaluate(block, data, batchSize, device, prepare).accuracy();
    }

    /**
     * Accuracy and loss of a block on some data.
     *
     * @param accuracy the fraction of correct top-1 predictions, NaN for empty data
     * @param loss the mean loss per sample (the run's loss: softmax cross-entropy by default), NaN
     *     for empty data
     * @param metrics the objective's evaluators on the data, by name (empty without evaluators)
     */
    public record Evaluation(double accuracy, double loss, Map<String, Double> metrics) {

        /** Copies the metrics; null means none. */
        public Evaluation {
            metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /**
         * Makes an evaluation without evaluator values.
         *
         * @param accuracy the fraction of correct top-1 predictions
         * @param loss the mean loss per sample
         */
        public Evaluation(double accuracy, double loss) {
            this(accuracy, loss, Map.of());
        }
    }

    /** Hears an evaluation advance, once per batch, on the evaluating thread: keep it cheap. */
    @FunctionalInterface
    public interface Listener {

        /**
         * A batch was evaluated.
         *
         * @param done the samples evaluated so far (it rises to {@code total})
         * @param total the samples of the whole pass
         * @param nanos the wall time since the pass started
         */
        void evaluated(long done, long total, long nanos);
    }

    /**
     * Returns the accuracy and the mean loss, with a hook that may change each host batch first.
     *
     * @param block the block producing logits
     * @param data the data
     * @param batchSize the evaluation batch size
     * @param device where to run
     * @param prepare a change applied to each batch before it moves to the device, or null
     * @return accuracy and loss
     */
    public static Evaluation evaluate(
            Block block, BatchSource data, int batchSize, Device device, Consumer<HostBatch> prepare) {
        return evaluate(block, data, batchSize, device, prepare, null);
    }

    /**
     * Returns the accuracy and the mean loss, telling a listener after every batch how far the pass
     * is (counts rise to the number of samples; nothing is read from the device for it).
     *
     * @param block the block producing logits
     * @param data the data
     * @param batchSize the evaluation batch size
     * @param device where to run
     * @param prepare a change applied to each batch before it moves to the device, or null
     * @param listener who hears the progress, or null
     * @return accuracy and loss
     */
    public static Evaluation evaluate(
            Block block,
            BatchSource data,
            int batchSize,
            Device device,
            Consumer<HostBatch> prepare,
            Listener listener) {
        return evaluate(block, data, batchSize, device, prepare, listener, Objective.classification(), "evaluation");
    }

    /**
     * Returns the accuracy, the mean of an objective's loss and its evaluators' values, telling a
     * listener after every batch how far the pass is.
     *
     * @param block the block producing the predictions
     * @param data the data
     * @param batchSize the evaluation batch size
     * @param device where to run
     * @param prepare a change applied to each batch before it moves to the device, or null
     * @param listener who hears the progress, or null
     * @param objective the loss and evaluators
     * @param set the evaluators' accumulator key, e.g. {@code "validation"}
     * @return accuracy, loss and evaluator values
     */
    public static Evaluation evaluate(
            Block block,
            BatchSource data,
            int batchSize,
            Device device,
            Consumer<HostBatch> prepare,
            Listener listener,
            Objective objective,
            String set) {
        int n = data.count();
        if (n == 0) {
            return new Evaluation(Double.NaN, Double.NaN);
        }
        int steps = (n + batchSize - 1) / batchSize;
        long start = System.nanoTime();
        long done = 0;
        try (NDManager manager = NDManager.newBaseManager(device);
                Prefetcher batches = new Prefetcher(step -> gather(data, step, batchSize, prepare), 0, steps)) {
            ParameterStore store = new InferenceParameterStore(manager);
            NDArray correct = manager.zeros(new Shape(), DataType.INT64);
            NDArray lossSum = manager.zeros(new Shape(), DataType.FLOAT32);
            objective.begin(set);
            for (int s = 0; s < steps; s++) {
                StagedBatch batch = batches.next();
                try (NDManager step = manager.newSubManager()) {
                    NDList xy = batch.toDevice(step);
                    NDArray logits =
                            block.forward(store, new NDList(xy.get(0)), false).head();
                    NDArray labels = xy.get(1);
                    NDArray hits = logits.argMax(1).eq(labels).sum().toType(DataType.INT64, false);
                    correct.addi(hits);
                    // the training loss (mean over the batch), weighted back to a sum over the batch's samples
                    NDArray mean = objective.lossOf(labels, logits);
                    lossSum.addi(mean.mul(batch.host().count()).toType(DataType.FLOAT32, false));
                    objective.update(set, labels, logits);
                }
                done += batch.host().count();
                batches.release(batch);
                if (listener != null) {
                    listener.evaluated(done, n, System.nanoTime() - start);
                }
            }
            return new Evaluation(correct.getLong() / (double) n, lossSum.getFloat() / n, objective.read(set));
        }
    }

    /** The host batch of one evaluation step (samples in order), prepared; runs on the prefetch thread. */
    private static HostBatch gather(BatchSource data, int step, int batchSize, Consumer<HostBatch> prepare) {
        int from = step * batchSize;
        int[] idx = new int[Math.min(data.count(), from + batchSize) - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        HostBatch batch = data.batch(idx);
        if (prepare != null) {
            prepare.accept(batch);
        }
        return batch;
    }
}
