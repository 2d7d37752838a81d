package io.resgrow.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.models.head.ProxyHead;
import io.resgrow.models.monolith.MonolithNet;
import java.util.List;
import java.util.Locale;

/**
 * What a training device must hold in stage 1 of partitioned training, with and without offloading,
 * against end-to-end training, by accounting (float32): each trained parameter three times (value,
 * gradient, SGD momentum), every other parameter on the device once, and the activations autograd
 * keeps ({@link MacCounter#activationsPerSample()}) times the batch. It stands in for a device-memory
 * measurement where there is no GPU: on the CPU the host is the device and offloading moves nothing.
 */
final class StageMemory {

    private static final double MIB = 1024.0 * 1024.0;

    private StageMemory() {}

    /**
     * Prints the three figures and the ratio the target is about.
     *
     * @param branches branches of the MonolithNet
     * @param input one sample's shape
     * @param classes classes
     * @param stageOneBatch stage 1's batch size
     * @param endToEndBatch the end-to-end run's batch size
     */
    static void print(int branches, Shape input, int classes, int stageOneBatch, int endToEndBatch) {
        MonolithNet net = new MonolithNet(branches, 10, 2, 16, (int) input.get(0), classes);
        Block proxy = ProxyHead.forVectors(classes);
        Shape batchOfOne = new Shape(1).addAll(input);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, batchOfOne);
            List<Block> all = net.branches();
            proxy.initialize(m, DataType.FLOAT32, all.get(0).getOutputShapes(new Shape[] {batchOfOne})[0]);
            Block active = new SequentialBlock().add(all.get(0)).add(proxy);
            long trained = ParameterCount.learnable(active);
            long everything = ParameterCount.learnable(net);
            double offloaded = bytes(3 * trained, activations(active, batchOfOne), stageOneBatch);
            double resident = bytes(
                    3 * trained + (everything - ParameterCount.learnable(all.get(0))),
                    activations(active, batchOfOne),
                    stageOneBatch);
            double endToEnd = bytes(3 * everything, activations(net, batchOfOne), endToEndBatch);
            System.out.printf(
                    Locale.ROOT,
                    "stage-1 device memory by accounting (float32, batch %d; end to end batch %d):"
                            + " offloaded %.1f MiB, not offloaded %.1f MiB, end to end %.1f MiB; offloaded / end to end = %.3f"
                            + " (target <= 0.5)%n",
                    stageOneBatch,
                    endToEndBatch,
                    offloaded / MIB,
                    resident / MIB,
                    endToEnd / MIB,
                    offloaded / endToEnd);
        }
    }

    private static long activations(Block block, Shape input) {
        return MacCounter.count(block, input).activationsPerSample();
    }

    private static double bytes(long parameterValues, long activationsPerSample, int batch) {
        return 4.0 * (parameterValues + activationsPerSample * (double) batch);
    }
}
