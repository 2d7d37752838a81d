package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.evaluator.TopKAccuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import ai.djl.translate.NoopTranslator;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.TrackerSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DJL user's own objects drive a run: {@code ResGrow.train(Model, TrainingConfig)} trains as DJL's
 * {@code Trainer} (EasyTrain) does with the same config, initial parameters and batches; the loss
 * and evaluators come from the config; the trained parameters stay in the model for DJL's save,
 * load and predictor.
 */
class ModelEntryTest {

    private static final int N = 24;
    private static final int STEPS = 10;
    private static final Shape SAMPLE = new Shape(1, 4, 4);

    /** DJL's Sgd with momentum, weight decay and a rate that changes at every step. */
    private static DefaultTrainingConfig sgdConfig() {
        Tracker falling = Tracker.factor().setBaseValue(0.2f).setFactor(0.8f).build();
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.sgd()
                        .setLearningRateTracker(falling)
                        .optMomentum(0.9f)
                        .optWeightDecays(1e-3f)
                        .build())
                .addEvaluator(new Accuracy())
                .addEvaluator(new TopKAccuracy("top3", 3));
    }

    private static DefaultTrainingConfig adamConfig() {
        Tracker falling = Tracker.factor().setBaseValue(0.01f).setFactor(0.9f).build();
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(falling)
                        .optWeightDecays(1e-3f)
                        .build());
    }

    @Test
    void djlSgdWithAChangingTrackerEndsWhereEasyTrainEnds() throws Exception {
        assertMatchesEasyTrain(ModelEntryTest::sgdConfig);
    }

    @Test
    void djlAdamWithAChangingTrackerEndsWhereEasyTrainEnds() throws Exception {
        assertMatchesEasyTrain(ModelEntryTest::adamConfig);
    }

    @Test
    void pytorchsFormOfMomentumWouldNotMatchSoTheComparisonCanFail() throws Exception {
        BatchSource data = ArraySource.blobs(N, 4, 1, 4, 0.5, 3);
        try (Model djl = Model.newInstance("djl");
                Model ours = Model.newInstance("ours")) {
            float[][] start = initialise(ours);
            float[][] expected = easyTrain(djl, sgdConfig(), start, data);
            Tracker falling =
                    Tracker.factor().setBaseValue(0.2f).setFactor(0.8f).build();
            ResGrow.train(ours)
                    .on(data)
                    .batchSize(N)
                    .optimizer(
                            NamedSgd.builder().momentum(0.9f).weightDecay(1e-3f).build())
                    .schedule(new TrackerSchedule(falling))
                    .strategy(PlainStrategy.epochs(STEPS))
                    .quiet()
                    .fit();
            assertTrue(maxDifference(values(ours.getBlock()), expected) > 1e-4, "PyTorch's form differs");
        }
    }

    private static void assertMatchesEasyTrain(Supplier<DefaultTrainingConfig> config) throws Exception {
        BatchSource data = ArraySource.blobs(N, 4, 1, 4, 0.5, 3);
        try (Model djl = Model.newInstance("djl");
                Model ours = Model.newInstance("ours")) {
            float[][] start = initialise(ours);
            float[][] expected = easyTrain(djl, config.get(), start, data);
            TrainingReport report = ResGrow.train(ours, config.get())
                    .on(data)
                    .batchSize(N)
                    .strategy(PlainStrategy.epochs(STEPS))
                    .quiet()
                    .fit();
            float[][] got = values(ours.getBlock());
            assertEquals(STEPS, report.epochs().size());
            double diff = maxDifference(got, expected);
            assertTrue(diff < 1e-5, "largest difference from EasyTrain's parameters: " + diff);
            assertTrue(maxDifference(got, start) > 1e-2, "training moved the parameters");
        }
    }

    @Test
    void evaluatorsOfTheConfigLandInEveryRecordAndTheReport() {
        BatchSource data = ArraySource.blobs(N, 4, 1, 4, 0.5, 3);
        BatchSource validation = ArraySource.blobs(12, 4, 1, 4, 0.5, 4);
        try (Model model = Model.newInstance("m")) {
            model.setBlock(TinyNets.mlp(8, 4));
            TrainingReport report = ResGrow.train(model, sgdConfig())
                    .on(data, validation)
                    .test(validation)
                    .batchSize(8)
                    .strategy(PlainStrategy.epochs(2))
                    .quiet()
                    .fit();
            for (EpochRecord e : report.epochs()) {
                assertEquals(
                        List.of("train_Accuracy", "train_top3", "validation_Accuracy", "validation_top3"),
                        List.copyOf(e.metrics().keySet()));
                // DJL's Accuracy is the run's own top-1 accuracy, computed another way
                assertEquals(e.validationAccuracy(), e.metrics().get("validation_Accuracy"), 1e-6);
                assertEquals(e.trainAccuracy(), e.metrics().get("train_Accuracy"), 1e-6);
                assertTrue(e.metrics().get("validation_top3") >= e.metrics().get("validation_Accuracy"));
                assertTrue(e.toString().contains("validation_top3"), e.toString());
            }
            assertEquals(report.testAccuracy(), report.testMetrics().get("Accuracy"), 1e-6);
            assertTrue(report.toJson().contains("\"testMetrics\""), "report.json holds them");
            assertTrue(report.toString().contains("top3"), report.toString());
        }
    }

    @Test
    void anL2LossTrainsAOneOutputNetworkAndReportsItsOwnMeanOnValidation() {
        // targets 0..3 as numbers: a regression, the network has one output
        BatchSource data = ArraySource.blobs(64, 4, 1, 4, 0.3, 5);
        try (Model model = Model.newInstance("reg")) {
            model.setBlock(TinyNets.mlp(16, 1));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(Tracker.fixed(0.05f))
                            .build());
            TrainingReport report = ResGrow.train(model, config)
                    .on(data, data)
                    .batchSize(16)
                    .strategy(PlainStrategy.epochs(15))
                    .quiet()
                    .fit();
            List<EpochRecord> epochs = report.epochs();
            double first = epochs.get(0).trainLoss();
            double last = epochs.get(epochs.size() - 1).trainLoss();
            assertTrue(last < 0.2 * first, "L2 loss fell from " + first + " to " + last);
            // the validation loss is DJL's L2 (half the squared error), recomputed here by hand
            assertEquals(
                    halfSquaredError(model.getBlock(), data),
                    epochs.get(epochs.size() - 1).validationLoss(),
                    1e-4);
        }
    }

    @Test
    void afterFitDjlsSaveLoadAndPredictorGiveTheTrainedLogits(@TempDir Path dir) throws Exception {
        BatchSource data = ArraySource.blobs(N, 4, 1, 4, 0.5, 3);
        try (Model model = Model.newInstance("mlp");
                Model loaded = Model.newInstance("mlp")) {
            Block block = TinyNets.mlp(8, 4);
            model.setBlock(block);
            ResGrow.train(model, sgdConfig())
                    .on(data)
                    .batchSize(8)
                    .strategy(PlainStrategy.epochs(2))
                    .quiet()
                    .fit();
            assertSame(block, model.getBlock(), "a plain run keeps the model's block");
            model.save(dir, "mlp");
            loaded.setBlock(TinyNets.mlp(8, 4));
            loaded.load(dir, "mlp");
            float[] input = data.batch(new int[] {0, 1, 2}).images();
            try (Predictor<NDList, NDList> trained = model.newPredictor(new NoopTranslator());
                    Predictor<NDList, NDList> again = loaded.newPredictor(new NoopTranslator());
                    NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(input, new Shape(3, 1, 4, 4));
                float[] a = trained.predict(new NDList(x)).head().toFloatArray();
                float[] b = again.predict(new NDList(x)).head().toFloatArray();
                assertEquals(12, a.length);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 0f);
                }
            }
        }
    }

    @Test
    void theRunsParametersLiveOnTheModelsManager() {
        try (Model model = Model.newInstance("m")) {
            model.setBlock(TinyNets.mlp(8, 4));
            ResGrow.train(model, sgdConfig())
                    .on(ArraySource.blobs(N, 4, 1, 4, 0.5, 3))
                    .batchSize(8)
                    .quiet()
                    .fit();
            for (var p : model.getBlock().getParameters()) {
                NDManager owner = p.getValue().getArray().getManager();
                assertSame(model.getNDManager(), owner, p.getKey() + " lives on the model's manager");
            }
            assertNotSame(null, model.getBlock().getInputShapes(), "initialised from the data's sample shape");
        }
    }

    /** Initialises the model's block and returns its starting values. */
    private static float[][] initialise(Model model) {
        Block block = TinyNets.mlp(8, 4);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(SAMPLE));
        return values(block);
    }

    /** Trains with DJL's own Trainer and EasyTrain: full batches, so order does not matter. */
    private static float[][] easyTrain(Model model, DefaultTrainingConfig config, float[][] start, BatchSource data) {
        model.setBlock(TinyNets.mlp(8, 4));
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(N).addAll(SAMPLE));
            List<Parameter> params = model.getBlock().getParameters().values();
            for (int i = 0; i < params.size(); i++) {
                params.get(i).getArray().set(start[i]);
            }
            HostBatch all = data.batch(IntStream.range(0, N).toArray());
            for (int s = 0; s < STEPS; s++) {
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDList xy = all.toDevice(m);
                    Batch batch = new Batch(
                            m,
                            new NDList(xy.get(0)),
                            new NDList(xy.get(1)),
                            N,
                            Batchifier.STACK,
                            Batchifier.STACK,
                            s,
                            STEPS);
                    EasyTrain.trainBatch(trainer, batch);
                    trainer.step();
                }
            }
        }
        return values(model.getBlock());
    }

    private static float[][] values(Block block) {
        return block.getParameters().values().stream()
                .map(p -> p.getArray().toFloatArray())
                .toArray(float[][]::new);
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    /** DJL's L2 loss by hand: the mean over samples of half the squared error. */
    private static double halfSquaredError(Block block, BatchSource data) {
        HostBatch all = data.batch(IntStream.range(0, data.count()).toArray());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(all.images(), new Shape(all.count(), 1, 4, 4));
            float[] out = block.forward(new ParameterStore(m, false), new NDList(x), false)
                    .head()
                    .toFloatArray();
            double sum = 0;
            for (int i = 0; i < out.length; i++) {
                double e = out[i] - all.labels()[i];
                sum += 0.5 * e * e;
            }
            return sum / out.length;
        }
    }
}
