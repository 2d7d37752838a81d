package io.resgrow.examples.djl;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
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

/**
 * Trains a block built from DJL layers with the plain strategy on the bundled Fashion-MNIST sample,
 * then predicts one test image with DJL's predictor. Arguments: training images (default 2000, at
 * most 4500) and epochs (default 2).
 */
public final class TrainPlain {

    private TrainPlain() {}

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
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .setFilters(16)
                        .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
        try (Model model = Model.newInstance("plain")) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(Tracker.fixed(0.05f))
                            .optMomentum(0.9f)
                            .build())
                    .addEvaluator(new Accuracy());
            TrainingReport report = ResGrow.train(model, config)
                    .on(sample.train().subDataset(0, images), sample.train().subDataset(4500, 5000))
                    .test(test)
                    .strategy(PlainStrategy.epochs(epochs))
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
