package io.resgrow.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.engine.ThreadGradMode;
import io.resgrow.core.network.Rebuildable;
import io.resgrow.datasets.recipe.IdxRecipe;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * BENCHMARKS.md, issue 26: what k (local-SGD steps per round) costs. A ResNet (1-1-1 blocks, widths
 * 16-32-64) on Fashion-MNIST's first N training images (10% for validation), SGD at 0.05 with
 * momentum 0.9, batch 64 per worker; every run sees the same number of samples: one process
 * (1 worker, batch 128, one round) against 2 workers for k = 1, 10 and 100 (rounds = steps / k).
 * Prints each run's validation accuracy, its seconds and the mean time per round, for each seed
 * (the seed of the initial parameters, the shards and the batch order; the split is seed 1's).
 *
 * <pre>bench-spark.sh local-sgd [DATA_DIR] [IMAGES] [STEPS] [MASTER] [SEEDS, e.g. 1,2,3]</pre>
 */
public final class LocalSgdBench {

    private LocalSgdBench() {}

    /**
     * Runs the comparison.
     *
     * @param args data directory, training images, steps per worker, master, seeds
     */
    public static void main(String[] args) {
        String dir = args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist";
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 10000;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        String master = args.length > 3 ? args[3] : "local[1]";
        String[] seeds = (args.length > 4 ? args[4] : "7").split(",");
        DataRecipe data = new IdxRecipe(dir, images, 0.1, 1, false);
        Shape sample = new Shape(1, 28, 28);
        NetworkRecipe net = NetworkRecipe.of(
                ((Rebuildable) new ResNetBuilder()
                                .blocks(1, 1, 1)
                                .widths(16, 32, 64)
                                .inputChannels(1)
                                .classes(10)
                                .build())
                        .architecture(),
                sample);
        System.out.printf(Locale.ROOT, "master %s, %d images, %d steps of 128 samples in all%n", master, images, steps);
        System.out.println("seed | run | workers | k | rounds | validation accuracy | seconds | seconds per round");
        try (JavaSparkContext sc = SparkTesting.start(master)) {
            for (String seed : seeds) {
                long s = Long.parseLong(seed.trim());
                run(sc, net, data, s, "one process", 1, steps, 1, 128);
                for (int k : new int[] {1, 10, 100}) {
                    run(sc, net, data, s, "local SGD", 2, k, Math.max(1, steps / k), 64);
                }
            }
        }
    }

    private static void run(
            JavaSparkContext sc,
            NetworkRecipe net,
            DataRecipe data,
            long seed,
            String name,
            int workers,
            int k,
            int rounds,
            int batch) {
        ThreadGradMode.offInThisThread();
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = net.build();
            long start = System.nanoTime();
            List<LocalSgd.Round> done =
                    LocalSgd.fit(sc, net, data, workers, k, rounds, batch, 0.05, 0.9, seed, block, m);
            double seconds = (System.nanoTime() - start) / 1e9;
            double perRound =
                    done.stream().mapToDouble(LocalSgd.Round::seconds).average().orElse(0);
            System.out.printf(
                    Locale.ROOT,
                    "%d | %s | %d | %d | %d | %.4f | %.1f | %.3f%n",
                    seed,
                    name,
                    workers,
                    k,
                    rounds,
                    accuracy(block, data.make(), m),
                    seconds,
                    perRound);
        }
    }

    /** Validation accuracy in inference mode. */
    private static double accuracy(Block net, DataRecipe.Made data, NDManager m) {
        BatchSource v = data.validation();
        ParameterStore store = new ParameterStore(m, false);
        int right = 0;
        for (int from = 0; from < v.count(); from += 500) {
            int[] idx = new int[Math.min(500, v.count() - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            HostBatch b = v.batch(idx);
            data.preprocess().apply(b, null);
            try (NDManager step = m.newSubManager()) {
                NDList xy = b.toDevice(step);
                NDArray logits =
                        net.forward(store, new NDList(xy.get(0)), false).head();
                NDArray hit =
                        logits.argMax(1).toType(xy.get(1).getDataType(), false).eq(xy.get(1));
                right += (int) hit.sum().toType(DataType.INT64, false).getLong();
            }
        }
        return (double) right / v.count();
    }
}
