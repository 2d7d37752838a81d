package io.resgrow.examples.djl;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import io.resgrow.strategies.incremental.LookAheadIncremental;
import io.resgrow.strategies.incremental.ValueAdded;

/**
 * Trains a ResNet sub-network by sub-network with look-ahead incremental training (Istrate et al.)
 * on the bundled Fashion-MNIST sample: the model starts with the stem and first stage and ends
 * holding all three stages, which DJL's predictor then runs on one test image. Arguments: training
 * images (default 2000, at most 4500) and epochs per stage (default 2).
 */
public final class TrainIncremental {

    private TrainIncremental() {}

    /**
     * Runs the example.
     *
     * @param args optional: training images, epochs per stage
     * @throws Exception if training or prediction fails
     */
    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Sample sample = Sample.load();
        ImageSet test = sample.test();
        try (Model model = Model.newInstance("incremental")) {
            model.setBlock(new ResNetBuilder()
                    .blocks(1, 1, 1)
                    .widths(8, 16, 32)
                    .inputChannels(1)
                    .classes(10)
                    .buildGrowing(new Shape(1, 28, 28)));
            // a DJL tracker that decays per step: the run's schedule restarts at every stage and look-ahead
            Tracker decay =
                    Tracker.factor().setBaseValue(0.05f).setFactor(0.98f).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(decay)
                            .optMomentum(0.9f)
                            .build())
                    .addEvaluator(new Accuracy());
            TrainingReport report = ResGrow.train(model, config)
                    .on(sample.train().subDataset(0, images), sample.train().subDataset(4500, 5000))
                    .test(test)
                    .strategy(LookAheadIncremental.builder()
                            .window(2)
                            .lookAheadEpochs(1)
                            .maxEpochsPerStage(epochs)
                            .build())
                    .fit();
            System.out.print(ValueAdded.of(report));
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
