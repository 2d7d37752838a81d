package io.resgrow.strategies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.TrainingRun;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.SavedNetwork;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import io.resgrow.models.Architectures;
import io.resgrow.models.SavedNetworks;
import io.resgrow.models.block.Shortcut;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.models.vgg.VggBuilder;
import io.resgrow.strategies.incremental.LookAheadIncremental;
import io.resgrow.strategies.modelparallel.ModelParallelBranches;
import io.resgrow.strategies.multilevel.MultiLevelInterpolation;
import io.resgrow.strategies.partitioned.PartitionedStrategy;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every strategy's trained network, saved by {@code RunBuilder.save}, loads back (through
 * {@link SavedNetworks} and through DJL's own {@code Model}/{@code Predictor} code) with the logits
 * the trained network gives, bit for bit, and the card describes it as it ended training.
 */
@Tag("slow")
class SaveEveryStrategyTest {

    private static final ArraySource DATA = ArraySource.blobs(120, 4, 1, 8, 1.5, 21);
    private static final Shape SAMPLE = new Shape(1, 8, 8);

    private static ResNetBuilder resnet() {
        return new ResNetBuilder()
                .blocks(1, 1, 1)
                .widths(4, 8, 8)
                .inputChannels(1)
                .classes(4);
    }

    private static float[] logits(Block net, NDArray x) {
        try (NDManager scratch = x.getManager().newSubManager()) {
            return net.forward(new ParameterStore(scratch, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    /** Trains, saves, and checks both ways of loading against the trained network; returns the card. */
    private static SavedNetwork.Card roundTrip(Block net, TrainingStrategy strategy, Path dir) throws Exception {
        TrainingRun run = ResGrow.train(net, SAMPLE)
                .on(DATA, DATA)
                .strategy(strategy)
                .seed(5)
                .devices(Device.cpu())
                .quiet()
                .save(dir)
                .build();
        run.fit();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.randomNormal(new Shape(6, 1, 8, 8));
            float[] trained = logits(net, x);
            try (Model loaded = SavedNetworks.load(dir)) {
                assertArrayEquals(trained, logits(loaded.getBlock(), x), 0f, "SavedNetworks.load");
            }
            // as a user would with DJL alone: the card's architecture, Model.load, a Predictor
            SavedNetwork.Card card = SavedNetwork.card(dir);
            try (Model model = Model.newInstance(SavedNetwork.NAME, Device.cpu())) {
                model.setBlock(Architectures.build(card.architecture(), card.sampleShape()));
                model.load(dir, SavedNetwork.NAME);
                try (Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator())) {
                    float[] predicted =
                            p.predict(new NDList(x)).singletonOrThrow().toFloatArray();
                    assertArrayEquals(trained, predicted, 0f, "DJL Model + Predictor");
                }
            }
            return card;
        }
    }

    @Test
    void plain(@TempDir Path dir) throws Exception {
        SavedNetwork.Card card = roundTrip(resnet().build(), PlainStrategy.epochs(1), dir);
        assertEquals("resnet", card.architecture().family());
        assertEquals(4, card.classes());
        assertEquals("identity", card.preprocess().get("type"));
    }

    @Test
    void multilevelSavesTheGrownDepthAndStepSize(@TempDir Path dir) throws Exception {
        SavedNetwork.Card card = roundTrip(
                resnet().build(),
                MultiLevelInterpolation.builder()
                        .batchSize(20)
                        .cycleLengths(1, 1)
                        .build(),
                dir);
        assertArrayEquals(new int[] {2, 2, 2}, card.architecture().integers("blocks"));
        assertEquals(0.5, card.architecture().number("stepSize"));
    }

    @Test
    void incrementalSavesTheSubNetworksItGrew(@TempDir Path dir) throws Exception {
        // three sub-networks (widths 4, 8, 16); growth stops after two
        SavedNetwork.Card card = roundTrip(
                resnet().widths(4, 8, 16).buildGrowing(SAMPLE),
                LookAheadIncremental.builder()
                        .window(2)
                        .maxEpochsPerStage(1)
                        .lookAheadEpochs(1)
                        .learningRate(1e-3)
                        .batchSize(20)
                        .growthRule(values -> values.size() >= 2)
                        .build(),
                dir);
        assertEquals(2, card.architecture().grown());
    }

    @Test
    void incrementalVggSavesTheGroupsItGrew(@TempDir Path dir) throws Exception {
        // two of VGG-11's five groups on 8x8 inputs (8 -> 4 -> 2), at a sixteenth of its widths
        SavedNetwork.Card card = roundTrip(
                new VggBuilder()
                        .depth(11)
                        .widthScale(1 / 16.0)
                        .fcWidths(8, 8)
                        .inputChannels(1)
                        .classes(4)
                        .buildGrowing(),
                LookAheadIncremental.builder()
                        .window(2)
                        .maxEpochsPerStage(1)
                        .lookAheadEpochs(1)
                        .learningRate(1e-3)
                        .batchSize(20)
                        .growthRule(values -> values.size() >= 2)
                        .build(),
                dir);
        assertEquals("vgg", card.architecture().family());
        assertEquals(2, card.architecture().grown());
    }

    @Test
    void partitionedSavesTheBranchesAndTheHead(@TempDir Path dir) throws Exception {
        SavedNetwork.Card card = roundTrip(
                new MonolithNet(2, 10, 1, 4, 1, 4),
                PartitionedStrategy.builder().stageEpochs(1, 1, 1).build(),
                dir);
        assertEquals("monolith", card.architecture().family());
        assertEquals(2, card.architecture().integer("branches"));
    }

    @Test
    void modelParallelSavesANetworkThatLoadsOnOneDevice(@TempDir Path dir) throws Exception {
        Supplier<ResNetBuilder> multires = () -> resnet().functionsPerBlock(2).shortcut(Shortcut.PROJECTION);
        SavedNetwork.Card card = roundTrip(
                multires.get().build(),
                ModelParallelBranches.builder()
                        .devices("cpu,cpu")
                        .inner(MultiLevelInterpolation.builder()
                                .batchSize(20)
                                .cycleLengths(1, 1)
                                .build())
                        .build(),
                dir);
        assertEquals(2, card.architecture().integer("functionsPerBlock"));
        assertArrayEquals(new int[] {2, 2, 2}, card.architecture().integers("blocks"));
    }

    @Test
    void aNetworkThatCannotDescribeItselfIsRefusedBeforeTraining(@TempDir Path dir) {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> ResGrow.train(TinyNets.mlp(4, 4), SAMPLE)
                        .on(DATA)
                        .strategy(PlainStrategy.epochs(1))
                        .quiet()
                        .save(dir)
                        .build());
        assertEquals("save", e.parameter());
        assertTrue(e.getMessage().contains("Rebuildable"), e.getMessage());
    }
}
