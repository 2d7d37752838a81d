package io.resgrow.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.HostBatch;

/**
 * Classification accuracy of a block on a data source, in inference mode. Correct predictions are
 * counted on the device and read once at the end (no per-batch synchronisation).
 */
public final class Evaluator {

    private Evaluator() {}

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
            Block block,
            BatchSource data,
            int batchSize,
            Device device,
            java.util.function.Consumer<HostBatch> prepare) {
        int n = data.count();
        if (n == 0) {
            return Double.NaN;
        }
        try (NDManager manager = NDManager.newBaseManager(device)) {
            ParameterStore store = new ParameterStore(manager, false);
            NDArray correct = manager.zeros(new ai.djl.ndarray.types.Shape(), DataType.INT64);
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                int[] idx = new int[to - from];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                }
                HostBatch batch = data.batch(idx);
                if (prepare != null) {
                    prepare.accept(batch);
                }
                try (NDManager step = manager.newSubManager()) {
                    NDList xy = batch.toDevice(step);
                    NDArray logits = block.forward(store, new NDList(xy.get(0)), false).head();
                    NDArray hits = logits.argMax(1).eq(xy.get(1)).sum().toType(DataType.INT64, false);
                    correct.addi(hits);
                }
            }
            return correct.getLong() / (double) n;
        }
    }
}
