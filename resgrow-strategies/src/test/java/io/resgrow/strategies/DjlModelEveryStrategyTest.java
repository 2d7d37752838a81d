package io.resgrow.strategies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.NoopTranslator;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.network.Fused;
import io.resgrow.core.network.SavedNetwork;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import io.resgrow.models.Architectures;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.strategies.incremental.LookAheadIncremental;
import io.resgrow.strategies.multilevel.MultiLevelInterpolation;
import io.resgrow.strategies.partitioned.PartitionedStrategy;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every strategy trains a DJL {@code Model} with a DJL {@code DefaultTrainingConfig}, leaves the
 * trained (or grown) block set on the model, and DJL's own {@code model.save}, {@code Model.load}
 * and {@code Predictor} give back the trained logits, bit for bit, with no resgrow class involved
 * in the loading.
 */
@Tag("slow")
class DjlModelEveryStrategyTest {

    private static final ArraySource DATA = ArraySource.blobs(80, 4, 1, 8, 1.5, 21);
    private static final Shape SAMPLE = new Shape(1, 8, 8);

    private static DefaultTrainingConfig config() {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(0.05f))
                        .optMomentum(0.9f)
                        .build())
                .addEvaluator(new Accuracy());
    }

    private static ResNetBuilder resnet() {
        return new ResNetBuilder()
                .blocks(1, 1, 1)
                .widths(4, 8, 8)
                .inputChannels(1)
                .classes(4);
    }

    /** Trains the model's block, saves it with DJL, loads it into a fresh block, compares logits. */
    private static TrainingReport roundTrip(Model model, TrainingStrategy strategy, Supplier<Block> fresh, Path dir)
            throws Exception {
        return roundTrip(model, config(), strategy, fresh, dir);
    }

    private static TrainingReport roundTrip(
            Model model, DefaultTrainingConfig config, TrainingStrategy strategy, Supplier<Block> fresh, Path dir)
            throws Exception {
        TrainingReport report = ResGrow.train(model, config)
                .on(DATA, DATA)
                .batchSize(20)
                .strategy(strategy)
                .quiet()
                .fit();
        assertTrue(report.epochs().get(0).metrics().containsKey("validation_Accuracy"), "the config's evaluator");
        model.save(dir, "trained");
        try (Model loaded = Model.newInstance("trained");
                NDManager m = NDManager.newBaseManager()) {
            loaded.setBlock(fresh.get());
            loaded.load(dir, "trained");
            NDArray x = m.randomNormal(new Shape(5, 1, 8, 8));
            try (Predictor<NDList, NDList> trained = model.newPredictor(new NoopTranslator());
                    Predictor<NDList, NDList> again = loaded.newPredictor(new NoopTranslator())) {
                assertArrayEquals(
                        trained.predict(new NDList(x)).head().toFloatArray(),
                        again.predict(new NDList(x)).head().toFloatArray(),
                        0f);
            }
        }
        return report;
    }

    /** The architecture of the block the model holds now, built fresh (the user's code would do the same). */
    private static Supplier<Block> sameArchitecture(Model model) {
        return () -> Architectures.build(SavedNetwork.architectureOf(model.getBlock()), SAMPLE);
    }

    @Test
    void plain(@TempDir Path dir) throws Exception {
        try (Model model = Model.newInstance("plain")) {
            model.setBlock(TinyNets.convNet(4));
            roundTrip(model, PlainStrategy.epochs(1), () -> TinyNets.convNet(4), dir);
        }
    }

    @Test
    void multilevelLeavesTheDeeperNetworkOnTheModel(@TempDir Path dir) throws Exception {
        try (Model model = Model.newInstance("multilevel")) {
            Block start = resnet().build();
            model.setBlock(start);
            roundTrip(
                    model,
                    MultiLevelInterpolation.builder()
                            .batchSize(20)
                            .cycleLengths(1, 1)
                            .build(),
                    sameArchitecture(model),
                    dir);
            assertArrayEquals(
                    new int[] {2, 2, 2},
                    SavedNetwork.architectureOf(model.getBlock()).integers("blocks"),
                    "grown from 1-1-1");
        }
    }

    @Test
    void incrementalLeavesTheGrownNetworkOnTheModel(@TempDir Path dir) throws Exception {
        try (Model model = Model.newInstance("incremental")) {
            Block start = resnet().widths(4, 8, 16).buildGrowing(SAMPLE);
            model.setBlock(start);
            roundTrip(
                    model,
                    LookAheadIncremental.builder()
                            .window(2)
                            .maxEpochsPerStage(1)
                            .lookAheadEpochs(1)
                            .batchSize(20)
                            .growthRule(values -> values.size() >= 2)
                            .build(),
                    sameArchitecture(model),
                    dir);
            assertEquals(2, SavedNetwork.architectureOf(model.getBlock()).grown());
        }
    }

    @Test
    void partitionedTrainsAUsersOwnBranchesThroughFusedOf(@TempDir Path dir) throws Exception {
        Supplier<Block> fused = () -> Fused.of(
                List.of(TinyNets.convNet(4), userBranch()),
                Linear.builder().setUnits(4).build());
        try (Model model = Model.newInstance("partitioned")) {
            Block net = fused.get();
            model.setBlock(net);
            // DJL's default config (its Adam is nobody's choice): the strategy's own SGD per phase trains
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).addEvaluator(new Accuracy());
            TrainingReport report = roundTrip(
                    model,
                    config,
                    PartitionedStrategy.builder().stageEpochs(1, 1, 1).build(),
                    fused,
                    dir);
            assertTrue(report.provenance().get("config optimizer").contains("left aside"), "said so");
            long phases =
                    report.epochs().stream().map(e -> e.phase()).distinct().count();
            assertTrue(phases >= 3, "branches, head, fine-tuning: " + phases + " phases");
        }
    }

    /** A second branch of a different shape: flatten, two linear layers. */
    private static Block userBranch() {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(16).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(6).build());
    }

    @Test
    void partitionedRefusesAnOptimizerTheConfigChoseNamingTheConfig() {
        try (Model model = Model.newInstance("partitioned")) {
            model.setBlock(Fused.of(
                    List.of(TinyNets.convNet(4)), Linear.builder().setUnits(4).build()));
            InvalidSettingException e = assertThrows(
                    InvalidSettingException.class,
                    () -> ResGrow.train(model, config())
                            .on(DATA)
                            .strategy(PartitionedStrategy.builder()
                                    .stageEpochs(1, 1, 1)
                                    .build())
                            .build());
            assertEquals("config.getOptimizer()", e.parameter());
        }
    }
}
