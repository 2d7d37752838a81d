package io.resgrow.examples.djl;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import ai.djl.translate.NoopTranslator;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.datasets.ImageSet;
import io.resgrow.examples.Sample;
import io.resgrow.models.multires.MultiResNets;
import io.resgrow.strategies.modelparallel.ModelParallelBranches;

/**
 * Trains a multi-residual network (Abdi and Nahavandi) with its two residual functions per block on
 * two devices on the bundled Fashion-MNIST sample ({@code cpu,cpu} here, {@code gpu0,gpu1} on two
 * GPUs), then predicts one test image with DJL's predictor. Arguments: training images (default
 * 2000, at most 4500) and epochs (default 2).
 */
public final class TrainModelParallel {

    private TrainModelParallel() {}

    /**
     * Runs the example.
     *
     * @param args optional: training images, epochs
     * @throws Exception if training or prediction fails
     */
    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Sample sample = Sample.load();
        ImageSet test = sample.test();
        try (Model model = Model.newInstance("modelparallel")) {
            model.setBlock(MultiResNets.create(8, 2, 1, 1, 10)); // depth 8, k 2, widen 1, input channels, classes
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(Tracker.fixed(0.05f))
                            .optMomentum(0.9f)
                            .build())
                    .addEvaluator(new Accuracy());
            TrainingReport report = ResGrow.train(model, config)
                    .on(sample.train().subDataset(0, images), sample.train().subDataset(4500, 5000))
                    .test(test)
                    .strategy(ModelParallelBranches.builder()
                            .devices("cpu,cpu") // "gpu0,gpu1" on two GPUs
                            .inner(PlainStrategy.epochs(epochs))
                            .build())
                    .fit();
            try (Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator(Batchifier.STACK));
                    NDManager manager = NDManager.newBaseManager()) {
                NDList image = test.get(manager, 0).getData(); // DJL's Record: one 1x28x28 test image
                long predicted =
                        predictor.predict(image).singletonOrThrow().argMax().getLong();
                String name = Sample.CLASSES.get((int) predicted);
                System.out.println("predicted=" + predicted + " " + name + ", test_accuracy=" + report.testAccuracy());
            }
        }
    }
}
