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
import io.resgrow.core.ResGrow;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.datasets.ImageSet;
import io.resgrow.examples.Sample;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.strategies.multilevel.MultiLevelInterpolation;

/**
 * Trains a ResNet with multi-level interpolation (Chang et al.) on the bundled Fashion-MNIST sample:
 * it starts with one block per stage and doubles them at the end of each of three cycles, so the
 * model ends holding the 4-4-4 network, which DJL's predictor then runs on one test image.
 * Arguments: training images (default 2000, at most 4500) and epochs per cycle (default 2).
 */
public final class TrainMultiLevel {

    private TrainMultiLevel() {}

    /**
     * Runs the example.
     *
     * @param args optional: training images, epochs per cycle
     * @throws Exception if training or prediction fails
     */
    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Sample sample = Sample.load();
        ImageSet test = sample.test();
        try (Model model = Model.newInstance("multilevel")) {
            model.setBlock(new ResNetBuilder()
                    .blocks(1, 1, 1)
                    .widths(8, 16, 32)
                    .inputChannels(1)
                    .classes(10)
                    .build());
            // a DJL cosine over one cycle: the run's schedule restarts at every cycle, as in the paper
            int steps = epochs * (images / 100); // the strategy's batches of 100
            Tracker cosine = Tracker.cosine()
                    .setBaseValue(0.1f)
                    .optFinalValue(0.001f)
                    .setMaxUpdates(steps)
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(cosine)
                            .optMomentum(0.9f)
                            .build())
                    .addEvaluator(new Accuracy());
            TrainingReport report = ResGrow.train(model, config)
                    .on(sample.train().subDataset(0, images), sample.train().subDataset(4500, 5000))
                    .test(test)
                    .strategy(MultiLevelInterpolation.builder()
                            .cycleLengths(epochs, epochs, epochs)
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
