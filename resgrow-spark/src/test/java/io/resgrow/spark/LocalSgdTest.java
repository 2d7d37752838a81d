package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.data.Seeds;
import io.resgrow.datasets.recipe.SyntheticRecipe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class LocalSgdTest {

    /** 600 synthetic 1x10x10 images of 4 classes, no augmentation. */
    private static final DataRecipe DATA = new SyntheticRecipe(600, 4, 1, 10, 40, 3, 0.1, false);

    /** A small network without BatchNorm: per-shard and union batches then give the same mean gradient. */
    record SmallConvNet() implements NetworkRecipe {
        @Override
        public Block build() {
            return new SequentialBlock()
                    .add(Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .setFilters(4)
                            .build())
                    .add(Activation.reluBlock())
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(4).build());
        }

        @Override
        public Shape sampleShape() {
            return new Shape(1, 10, 10);
        }
    }

    @Test
    void batchesVisitEachShardSampleOncePerPassInTheSeededOrder() {
        int[] shard = {3, 8, 13, 21, 34, 55, 89, 144, 233, 377};
        List<Integer> walked = new ArrayList<>();
        for (long step = 0; step < 5; step++) {
            int[] b = LocalSgd.batch(shard, step, 4);
            for (int i = 0; i < b.length; i++) {
                long position = step * 4 + i;
                // the order the batches must follow: pass p's permutation, drawn for each sample apart
                int[] order = permutationOf(shard.length, new Random(Seeds.mix(position / shard.length, 0x7A55)));
                assertEquals(shard[order[(int) (position % shard.length)]], b[i], "step " + step + ", sample " + i);
                walked.add(b[i]);
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            List<Integer> seen = new ArrayList<>(walked.subList(pass * 10, pass * 10 + 10));
            seen.sort(null);
            assertEquals(Arrays.stream(shard).boxed().toList(), seen, "pass " + pass + " visits every sample once");
        }
    }

    /** Fisher-Yates, as LocalSgd shuffles. */
    private static int[] permutationOf(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Test
    void workersAreSummedInWorkerOrderWhateverOrderTheyArriveIn() {
        // float addition is not associative: 0 + 1e8 + 1 - 1e8 is 0, 0 - 1e8 + 1e8 + 1 is 1
        float[][] values = {{1e8f}, {1f}, {-1e8f}};
        for (int[] arrival : new int[][] {{0, 1, 2}, {2, 0, 1}, {1, 2, 0}}) {
            TreeMap<Integer, float[]> byWorker = new TreeMap<>();
            for (int w : arrival) {
                byWorker.put(w, values[w]);
            }
            assertEquals(0f, LocalSgd.inOrder(byWorker, 1)[0], "arrival order " + Arrays.toString(arrival));
        }
    }

    @Test
    void oneStepPerRoundEqualsSgdOnTheUnionOfTheShardsBatches() {
        matchesTheOracle("local[1]");
    }

    /** The same across two executor JVMs: the broadcast and the tree aggregation between processes. */
    @Test
    void oneStepPerRoundOnTwoExecutorJvmsEqualsTheOracle() {
        matchesTheOracle("local-cluster[2,1,1024]");
    }

    private static void matchesTheOracle(String master) {
        int workers = 3;
        int rounds = 4;
        int batch = 8;
        double lr = 0.05;
        long seed = 9;
        NetworkRecipe recipe = new SmallConvNet();
        float[] averaged;
        float[] start;
        List<LocalSgd.Round> done;
        try (NDManager m = NDManager.newBaseManager();
                JavaSparkContext sc = SparkTesting.start(master)) {
            Block net = recipe.build();
            done = LocalSgd.fit(sc, recipe, DATA, workers, 1, rounds, batch, lr, 0, seed, net, m);
            averaged = FlatParameters.of(FlatParameters.arrays(net));
            // the driver's start, as LocalSgd makes it
            Engine.getInstance().setRandomSeed((int) seed);
            Block fresh = recipe.build();
            fresh.initialize(m, DataType.FLOAT32, new Shape(1, 1, 10, 10));
            start = FlatParameters.of(FlatParameters.arrays(fresh));
        }
        assertEquals(rounds, done.size());
        float[] oracle = oracle(recipe, start, workers, rounds, batch, lr, seed);
        float worst = 0;
        boolean moved = false;
        for (int i = 0; i < oracle.length; i++) {
            worst = Math.max(worst, Math.abs(oracle[i] - averaged[i]));
            moved |= Math.abs(start[i] - averaged[i]) > 1e-4;
        }
        System.out.println(master + ": local SGD k=1 vs one-process SGD on the union: largest difference " + worst);
        assertTrue(moved, "training changed nothing");
        assertTrue(worst <= 1e-5, "largest difference from the one-process oracle: " + worst);
    }

    /**
     * One process, DJL's own Trainer and SGD: each round one step on the union of the workers'
     * batches of that round (the same samples LocalSgd's shards give).
     */
    private static float[] oracle(
            NetworkRecipe recipe, float[] start, int workers, int rounds, int batch, double lr, long seed) {
        DataRecipe.Made data = DATA.make();
        try (Model model = Model.newInstance("oracle")) {
            model.setBlock(recipe.build());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(Tracker.fixed((float) lr))
                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, 10, 10));
                List<NDArray> arrays = FlatParameters.arrays(model.getBlock());
                FlatParameters.load(arrays, start, 0);
                for (int r = 0; r < rounds; r++) {
                    List<Integer> union = new ArrayList<>();
                    for (int w = 0; w < workers; w++) {
                        int[] shard = LocalSgd.shard(data.train().count(), workers, w, seed);
                        for (int i : LocalSgd.batch(shard, r, batch)) {
                            union.add(i);
                        }
                    }
                    HostBatch b = data.train()
                            .batch(union.stream().mapToInt(Integer::intValue).toArray());
                    data.preprocess().apply(b, null);
                    try (NDManager step = trainer.getManager().newSubManager()) {
                        NDList xy = b.toDevice(step);
                        try (GradientCollector c = trainer.newGradientCollector()) {
                            NDArray logits =
                                    trainer.forward(new NDList(xy.get(0))).head();
                            c.backward(trainer.getLoss().evaluate(new NDList(xy.get(1)), new NDList(logits)));
                        }
                        trainer.step();
                    }
                }
                return FlatParameters.of(arrays);
            }
        }
    }
}
