package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.resgrow.core.DivergenceException;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.checkpoint.ResumeMismatchException;
import io.resgrow.core.cluster.LocalSgdPlan;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.schedule.CosineRestarts;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.datasets.recipe.SyntheticRecipe;
import io.resgrow.models.resnet.ResNetBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local SGD as a run: the stages' schedule, momentum and weight decay against an independent
 * one-process oracle, validation and records per epoch, growth between stages, and a resume that
 * ends where an uninterrupted run ends.
 */
class LocalSgdRunTest {

    private static final DataRecipe DATA = new SyntheticRecipe(300, 4, 1, 10, 40, 3, 0.1, false);
    private static final int BATCH = 8;
    private static final long SEED = 9;

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTesting.start("local[1]");
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    private static LocalSgdPlan plan(
            Block network,
            int workers,
            int k,
            List<LocalSgdPlan.Stage> stages,
            double weightDecay,
            Path checkpoints,
            boolean resume,
            Consumer<EpochRecord> onEpoch) {
        return new LocalSgdPlan(
                network,
                new LocalSgdTest.SmallConvNet().sampleShape(),
                DATA,
                null,
                workers,
                k,
                BATCH,
                stages,
                0.9,
                weightDecay,
                true,
                SEED,
                checkpoints,
                2,
                resume,
                null,
                null,
                onEpoch);
    }

    private static Block resnet() {
        return new ResNetBuilder()
                .blocks(1, 1, 1)
                .widths(4, 4, 8)
                .inputChannels(1)
                .classes(4)
                .build();
    }

    private static List<LocalSgdPlan.Stage> growing() {
        return List.of(
                new LocalSgdPlan.Stage(1, new CosineRestarts(0.05, 0.001, new int[] {1}, true)),
                new LocalSgdPlan.Stage(2, new CosineRestarts(0.05, 0.001, new int[] {2}, true)));
    }

    @Test
    void oneStepPerRoundFollowsTheScheduleWithMomentumAndDecayAsSgdOnTheUnion() {
        matchesTheOracle(3, 1);
    }

    /**
     * One worker is plain SGD whatever k: rounds of 4 steps (the 34 steps of an epoch end with a round
     * of 2) must walk the batches and the schedule as the oracle's single worker does.
     */
    @Test
    void oneWorkerWithRoundsThatDoNotDivideTheEpochIsPlainSgd() {
        matchesTheOracle(1, 4);
    }

    private static void matchesTheOracle(int workers, int k) {
        int epochs = 2;
        LrSchedule schedule = new CosineRestarts(0.1, 0.001, new int[] {epochs}, true);
        double decay = 5e-3;
        LocalSgdTest.SmallConvNet recipe = new LocalSgdTest.SmallConvNet();
        try (NDManager m = NDManager.newBaseManager()) {
            LocalSgdRun.Result r = LocalSgdRun.fit(
                    sc,
                    plan(
                            recipe.build(),
                            workers,
                            k,
                            List.of(new LocalSgdPlan.Stage(epochs, schedule)),
                            decay,
                            null,
                            false,
                            null),
                    recipe,
                    m);
            float[] got = FlatParameters.of(FlatParameters.arrays(r.network()));
            Engine.getInstance().setRandomSeed((int) SEED);
            Block fresh = recipe.build();
            fresh.initialize(m, DataType.FLOAT32, LocalSgd.batchOf(recipe.sampleShape()));
            float[] start = FlatParameters.of(FlatParameters.arrays(fresh));
            float[] expected = oracle(fresh, m, workers, epochs, schedule, 0.9, decay);
            float worst = 0;
            float moved = 0;
            for (int i = 0; i < got.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - expected[i]));
                moved = Math.max(moved, Math.abs(start[i] - got[i]));
            }
            System.out.println("local SGD run (" + workers + " workers, k = " + k
                    + ", cosine, momentum, decay) vs the union oracle: " + worst);
            assertTrue(moved > 1e-2, "training changed little: " + moved);
            assertTrue(worst <= 1e-5, "largest difference from the one-process oracle: " + worst);
            List<EpochRecord> records = r.report().epochs();
            assertEquals(epochs, records.size());
            for (EpochRecord e : records) {
                assertNotNull(e.validationAccuracy(), "epoch " + e.epoch() + " is validated");
                assertTrue(e.cumulativeFlops() > 0 && e.macsPerSample() > 0, e.toString());
            }
            // the record keeps the rate of its last step: the second ends near the cosine's floor
            assertTrue(records.get(epochs - 1).learningRate() < 0.005, "the last epoch ends near the floor");
            assertTrue(records.get(0).learningRate() > 0.04, "epoch 1 ends mid-cosine: " + records.get(0));
        }
    }

    /**
     * An independent oracle: one process, the union of the workers' batches each step, PyTorch's SGD
     * written out here (decay on weights, then momentum, then the step at the schedule's rate).
     */
    private static float[] oracle(
            Block net, NDManager m, int workers, int epochs, LrSchedule schedule, double momentum, double decay) {
        DataRecipe.Made data = DATA.make();
        int count = data.train().count();
        int shardSize = (count + workers - 1) / workers;
        int steps = (shardSize + BATCH - 1) / BATCH;
        List<int[]> shards = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            shards.add(LocalSgd.shard(count, workers, w, SEED));
        }
        List<Pair<String, Parameter>> params = net.getParameters().stream().toList();
        List<NDArray> velocity = new ArrayList<>();
        for (Pair<String, Parameter> p : params) {
            velocity.add(m.zeros(p.getValue().getArray().getShape()));
        }
        ParameterStore store = new ParameterStore(m, false);
        for (int e = 0; e < epochs; e++) {
            for (int t = 0; t < steps; t++) {
                int[] union = new int[workers * BATCH];
                for (int w = 0; w < workers; w++) {
                    System.arraycopy(
                            LocalSgd.batch(shards.get(w), (long) e * steps + t, BATCH), 0, union, w * BATCH, BATCH);
                }
                HostBatch b = data.train().batch(union);
                data.preprocess().apply(b, null);
                try (NDManager sm = m.newSubManager()) {
                    NDList xy = b.toDevice(sm);
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        NDArray logits =
                                net.forward(store, new NDList(xy.get(0)), true).head();
                        c.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(xy.get(1)), new NDList(logits)));
                    }
                    double rate = schedule.rate(e, t, steps);
                    for (int i = 0; i < params.size(); i++) {
                        NDArray p = params.get(i).getValue().getArray();
                        NDArray g = p.getGradient();
                        NDArray update =
                                params.get(i).getKey().endsWith("weight") ? g.add(p.mul(decay)) : g.duplicate();
                        NDArray v = velocity.get(i).mul(momentum).add(update);
                        velocity.get(i).set(v.toFloatArray());
                        p.subi(v.mul(rate));
                        g.subi(g);
                    }
                }
            }
        }
        return FlatParameters.of(FlatParameters.arrays(net));
    }

    @Test
    void aRunKilledAtOrAfterItsGrowthResumesToTheUninterruptedParameters(@TempDir Path dir) {
        String uninterrupted;
        double flops;
        try (NDManager m = NDManager.newBaseManager()) {
            LocalSgdRun.Result r = LocalSgdRun.fit(sc, plan(resnet(), 2, 4, growing(), 5e-4, null, false, null), m);
            uninterrupted = r.report().paramsSha256();
            TrainingReport report = r.report();
            flops = report.epochs().get(2).cumulativeFlops();
            assertEquals(
                    List.of("cycle-1", "cycle-2", "cycle-2"),
                    report.epochs().stream().map(EpochRecord::phase).toList());
            assertTrue(
                    report.events().stream().anyMatch(e -> e.type().equals("growth")),
                    report.events().toString());
            assertTrue(
                    report.epochs().get(1).parameters() > report.epochs().get(0).parameters(),
                    "the second stage trains the grown network");
        }
        // killed at the stage boundary (the resumed run grows first) and in the grown stage
        for (int killedAfter : new int[] {1, 2}) {
            Path checkpoints = dir.resolve("ckpt-" + killedAfter);
            Consumer<EpochRecord> dies = e -> {
                if (e.epoch() == killedAfter) {
                    throw new IllegalStateException("killed after epoch " + killedAfter);
                }
            };
            try (NDManager m = NDManager.newBaseManager()) {
                assertThrows(
                        IllegalStateException.class,
                        () -> LocalSgdRun.fit(sc, plan(resnet(), 2, 4, growing(), 5e-4, checkpoints, false, dies), m));
            }
            List<Integer> resumed = new ArrayList<>();
            try (NDManager m = NDManager.newBaseManager()) {
                LocalSgdRun.Result r = LocalSgdRun.fit(
                        sc, plan(resnet(), 2, 4, growing(), 5e-4, checkpoints, true, e -> resumed.add(e.epoch())), m);
                assertEquals(
                        IntStream.rangeClosed(killedAfter + 1, 3).boxed().toList(),
                        resumed,
                        "only the epochs after the checkpoint train again");
                assertEquals(3, r.report().epochs().size());
                assertEquals(
                        uninterrupted,
                        r.report().paramsSha256(),
                        "killed after epoch " + killedAfter + ": the resumed run ends where the uninterrupted one did");
                assertEquals(flops, r.report().epochs().get(2).cumulativeFlops(), 1e-6 * flops, "FLOPs carry on");
            }
        }
        // control: a run with another decay ends elsewhere, so the hash tells runs apart
        try (NDManager m = NDManager.newBaseManager()) {
            LocalSgdRun.Result r = LocalSgdRun.fit(sc, plan(resnet(), 2, 4, growing(), 1e-2, null, false, null), m);
            assertNotEquals(uninterrupted, r.report().paramsSha256());
        }
    }

    /**
     * Across a growth, one worker with k = 1 at a constant rate is multi-level local SGD's API, whose
     * rounds walk the batches on from one cycle to the next (and which {@code LocalSgdMultiLevelTest}
     * holds to DJL's own Trainer): the run's step numbering across stages must be that walk.
     */
    @Test
    void oneWorkerThroughAGrowthWalksTheBatchesAsMultiLevelLocalSgd() {
        int steps = 34; // 270 training samples in batches of 8
        List<LocalSgdPlan.Stage> stages = List.of(
                new LocalSgdPlan.Stage(1, LrSchedule.constant(0.05)),
                new LocalSgdPlan.Stage(1, LrSchedule.constant(0.05)));
        try (NDManager m = NDManager.newBaseManager()) {
            LocalSgdPlan plan = new LocalSgdPlan(
                    resnet(),
                    new LocalSgdTest.SmallConvNet().sampleShape(),
                    DATA,
                    null,
                    1,
                    1,
                    BATCH,
                    stages,
                    0,
                    0,
                    true,
                    SEED,
                    null,
                    2,
                    false,
                    null,
                    null,
                    null);
            float[] run = FlatParameters.of(
                    FlatParameters.arrays(LocalSgdRun.fit(sc, plan, m).network()));
            LocalSgdMultiLevel.Result api = LocalSgdMultiLevel.fit(
                    sc, resnet(), plan.sample(), DATA, 1, 1, new int[] {steps, steps}, BATCH, 0.05, 0, SEED, m);
            float[] expected = FlatParameters.of(FlatParameters.arrays(api.network()));
            assertEquals(expected.length, run.length);
            float worst = 0;
            for (int i = 0; i < run.length; i++) {
                worst = Math.max(worst, Math.abs(run[i] - expected[i]));
            }
            assertEquals(0f, worst, "largest difference from multi-level local SGD's API");
        }
    }

    @Test
    void aRunWhoseRoundDivergesStopsSayingWhere() {
        LocalSgdTest.SmallConvNet recipe = new LocalSgdTest.SmallConvNet();
        List<LocalSgdPlan.Stage> wild = List.of(new LocalSgdPlan.Stage(2, LrSchedule.constant(1e12)));
        try (NDManager m = NDManager.newBaseManager()) {
            DivergenceException e = assertThrows(
                    DivergenceException.class,
                    () -> LocalSgdRun.fit(sc, plan(recipe.build(), 2, 3, wild, 0, null, false, null), recipe, m));
            assertTrue(e.getMessage().contains("phase local-sgd, epoch 1"), e.getMessage());
        }
    }

    @Test
    void aRunOfYourOwnNetworkResumesToTheUninterruptedParameters(@TempDir Path dir) {
        LocalSgdTest.SmallConvNet recipe = new LocalSgdTest.SmallConvNet();
        List<LocalSgdPlan.Stage> two = List.of(new LocalSgdPlan.Stage(2, LrSchedule.constant(0.05)));
        String uninterrupted;
        try (NDManager m = NDManager.newBaseManager()) {
            uninterrupted = LocalSgdRun.fit(sc, plan(recipe.build(), 2, 3, two, 5e-4, null, false, null), recipe, m)
                    .report()
                    .paramsSha256();
        }
        Path checkpoints = dir.resolve("ckpt");
        Consumer<EpochRecord> dies = e -> {
            throw new IllegalStateException("killed after epoch " + e.epoch());
        };
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(
                    IllegalStateException.class,
                    () -> LocalSgdRun.fit(
                            sc, plan(recipe.build(), 2, 3, two, 5e-4, checkpoints, false, dies), recipe, m));
            String resumed = LocalSgdRun.fit(
                            sc, plan(recipe.build(), 2, 3, two, 5e-4, checkpoints, true, null), recipe, m)
                    .report()
                    .paramsSha256();
            assertEquals(uninterrupted, resumed);
        }
    }

    @Test
    void checkpointsOfAnotherRunAreRefusedBeforeAnyRound(@TempDir Path dir) throws Exception {
        Path checkpoints = dir.resolve("ckpt");
        List<LocalSgdPlan.Stage> one = List.of(growing().get(0));
        try (NDManager m = NDManager.newBaseManager()) {
            LocalSgdRun.fit(sc, plan(resnet(), 2, 8, one, 5e-4, checkpoints, false, null), m);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            InvalidSettingException notResumed = assertThrows(
                    InvalidSettingException.class,
                    () -> LocalSgdRun.fit(sc, plan(resnet(), 2, 8, one, 5e-4, checkpoints, false, null), m));
            assertEquals("checkpoints", notResumed.parameter());
            ResumeMismatchException other = assertThrows(
                    ResumeMismatchException.class,
                    () -> LocalSgdRun.fit(sc, plan(resnet(), 3, 8, one, 5e-4, checkpoints, true, null), m));
            assertTrue(other.getMessage().contains("workers: checkpoint 2, this run 3"), other.getMessage());
        }
        assertTrue(Files.list(checkpoints).findAny().isPresent());
    }

    @Test
    void stagesThatGrowANetworkThatCannotAreRefused() {
        LocalSgdTest.SmallConvNet recipe = new LocalSgdTest.SmallConvNet();
        try (NDManager m = NDManager.newBaseManager()) {
            InvalidSettingException e = assertThrows(
                    InvalidSettingException.class,
                    () -> LocalSgdRun.fit(sc, plan(recipe.build(), 2, 1, growing(), 0, null, false, null), recipe, m));
            assertEquals("stages", e.parameter());
            InvalidSettingException own = assertThrows(
                    InvalidSettingException.class,
                    () -> LocalSgdRun.fit(sc, plan(recipe.build(), 2, 1, growing(), 0, null, false, null), m));
            assertEquals("network", own.parameter());
            assertTrue(own.getMessage().contains("NetworkRecipe"), own.getMessage());
        }
    }
}
