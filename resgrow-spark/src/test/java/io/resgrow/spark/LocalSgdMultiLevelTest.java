package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.data.HostBatch;
import io.resgrow.datasets.recipe.SyntheticRecipe;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-level local SGD: the driver grows the network between cycles and the executors train the
 * grown one. With one worker and one step a round, the rounds are plain SGD; the oracle trains the
 * same network with DJL's own Trainer and SGD on the same batches in one process, grows it by the
 * same interpolation between the cycles, and must end with the same function.
 */
class LocalSgdMultiLevelTest {

    private static final DataRecipe DATA = new SyntheticRecipe(300, 4, 1, 10, 40, 3, 0.1, false);
    private static final Shape SAMPLE = new Shape(1, 10, 10);
    private static final int BATCH = 8;
    private static final double LR = 0.05;
    private static final long SEED = 9;
    private static final int[] CYCLES = {3, 3};

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTesting.start("local[1]");
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    private static ResNet resnet() {
        return new ResNetBuilder()
                .blocks(1, 1, 1)
                .widths(4, 4, 8)
                .inputChannels(1)
                .classes(4)
                .build();
    }

    @Test
    void theDriverGrowsBetweenCyclesAndOneWorkerEqualsSgdThroughTheSameGrowth() {
        DataRecipe.Made data = DATA.make();
        HostBatch probe = data.validation()
                .batch(IntStream.range(0, Math.min(32, data.validation().count()))
                        .toArray());
        data.preprocess().apply(probe, null);
        try (NDManager m = NDManager.newBaseManager()) {
            LocalSgdMultiLevel.Result r =
                    LocalSgdMultiLevel.fit(sc, resnet(), SAMPLE, DATA, 1, 1, CYCLES, BATCH, LR, 0, SEED, m);
            int rounds = Arrays.stream(CYCLES).sum();
            assertEquals(
                    IntStream.rangeClosed(1, rounds).boxed().toList(),
                    r.rounds().stream().map(LocalSgd.Round::round).toList());
            for (int c = 0; c < CYCLES.length; c++) {
                int blocks = 1 << c;
                assertArrayEquals(
                        new int[] {blocks, blocks, blocks}, r.blocksPerCycle().get(c));
            }
            float[] got = logits(r.network(), probe, m);
            float[] expected = oracle(data, probe, true);
            float worst = 0;
            for (int i = 0; i < got.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - expected[i]));
            }
            System.out.println(
                    "multi-level local SGD (1 worker, k = 1) vs DJL's Trainer through the same growth: " + worst);
            assertTrue(worst <= 1e-4, "largest logit difference from the one-process oracle: " + worst);
            // control: the same oracle whose growth draws the new blocks' start from another generator
            // state ends elsewhere, so the check sees the grown network's training, not only cycle 1's
            float[] control = oracle(data, probe, false);
            float apart = 0;
            for (int i = 0; i < got.length; i++) {
                apart = Math.max(apart, Math.abs(got[i] - control[i]));
            }
            assertTrue(apart > 1e-3, "the control should differ: " + apart);
        }
    }

    @Test
    void aNetworkThatCannotGrowIsRefusedBeforeAnyRound() {
        try (NDManager m = NDManager.newBaseManager()) {
            InvalidSettingException e = assertThrows(
                    InvalidSettingException.class,
                    () -> LocalSgdMultiLevel.fit(
                            sc, new SequentialBlock(), SAMPLE, DATA, 1, 1, CYCLES, BATCH, LR, 0, SEED, m));
            assertTrue(e.getMessage().contains("network"), e.getMessage());
            assertTrue(e.getMessage().contains("ResNetBuilder"), e.getMessage());
        }
    }

    /**
     * DJL's Trainer and SGD, one step per round on the one worker's batch of that round, the network
     * interpolated in place between the cycles.
     */
    private static float[] oracle(DataRecipe.Made data, HostBatch probe, boolean seededGrowth) {
        ResNet net = resnet();
        int[] shard = LocalSgd.shard(data.train().count(), 1, 0, SEED);
        int round = 0;
        try (Model model = Model.newInstance("oracle")) {
            model.setBlock(net);
            Engine.getInstance().setRandomSeed((int) SEED);
            net.initialize(model.getNDManager(), DataType.FLOAT32, LocalSgd.batchOf(SAMPLE));
            for (int c = 0; c < CYCLES.length; c++) {
                if (c > 0) {
                    Engine.getInstance().setRandomSeed(seededGrowth ? LocalSgdMultiLevel.growthSeed(SEED, c) : 12345);
                    net.interpolate(model.getNDManager());
                }
                float[] start = FlatParameters.of(FlatParameters.arrays(net));
                DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(Optimizer.sgd()
                                .setLearningRateTracker(Tracker.fixed((float) LR))
                                .build());
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(LocalSgd.batchOf(SAMPLE));
                    FlatParameters.load(FlatParameters.arrays(net), start, 0); // initialize may draw anew
                    for (int step = 0; step < CYCLES[c]; step++, round++) {
                        HostBatch b = data.train().batch(LocalSgd.batch(shard, round, BATCH));
                        data.preprocess().apply(b, null);
                        try (NDManager sm = trainer.getManager().newSubManager()) {
                            NDList xy = b.toDevice(sm);
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray logits =
                                        trainer.forward(new NDList(xy.get(0))).head();
                                gc.backward(trainer.getLoss().evaluate(new NDList(xy.get(1)), new NDList(logits)));
                            }
                            trainer.step();
                        }
                    }
                }
            }
            return logits(net, probe, model.getNDManager());
        }
    }

    private static float[] logits(Block net, HostBatch batch, NDManager m) {
        try (NDManager sm = m.newSubManager()) {
            NDList xy = batch.toDevice(sm);
            return net.forward(new ParameterStore(sm, false), new NDList(xy.get(0)), false)
                    .head()
                    .toFloatArray();
        }
    }
}
