package io.resgrow.examples.djl;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Batchifier;
import ai.djl.translate.NoopTranslator;
import io.resgrow.core.ResGrow;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.network.Fused;
import io.resgrow.datasets.ImageSet;
import io.resgrow.examples.Sample;
import io.resgrow.strategies.partitioned.PartitionedStrategy;
import io.resgrow.strategies.partitioned.PartitionedTable;
import java.util.List;

/**
 * Trains two branches built from DJL layers (a small convolutional network and a multi-layer
 * perceptron) under a linear fusion layer with partitioned training (Wong et al., MonolithNet) on
 * the bundled Fashion-MNIST sample: each branch alone on all the data, then the fusion layer, then
 * everything; DJL's predictor then runs the fused network on one test image. Arguments: training
 * images (default 2000, at most 4500) and epochs per stage (default 2; the fusion layer trains five
 * times as many, on features computed once).
 */
public final class TrainPartitioned {

    private TrainPartitioned() {}

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
        Block convolutional = new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(5, 5))
                        .setFilters(16)
                        .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .setFilters(32)
                        .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock()); // branches meet along axis 1: (N, 32) each
        Block perceptron = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(64).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(32).build());
        try (Model model = Model.newInstance("partitioned")) {
            model.setBlock(Fused.of(
                    List.of(convolutional, perceptron),
                    Linear.builder().setUnits(10).build()));
            // no optOptimizer: each stage sets its own SGD (a config's optimizer is refused, naming the config)
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).addEvaluator(new Accuracy());
            TrainingReport report = ResGrow.train(model, config)
                    .on(sample.train().subDataset(0, images), sample.train().subDataset(4500, 5000))
                    .test(test)
                    .strategy(PartitionedStrategy.builder()
                            // the head starts as the branches' ensemble and trains to its plateau (cap 5x)
                            .stageEpochs(epochs, 5 * epochs, epochs)
                            .build())
                    .fit();
            System.out.print(PartitionedTable.of(report));
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
