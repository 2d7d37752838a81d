package io.resgrow.strategies.incremental;

import static io.resgrow.core.testing.Rejections.reject;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.resgrow.core.ResGrow;
import io.resgrow.core.network.GrowingNetwork;
import io.resgrow.core.network.Partition;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.Rejections;
import io.resgrow.core.testing.TinyNets;
import io.resgrow.core.testing.UserResidual;
import io.resgrow.models.vgg.VggBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Incremental training's part of the catalogue of malformed configurations. */
class BadIncrementalSettingsTest {

    private static final List<Block> LAYERS = List.of(
            Linear.builder().setUnits(8).build(),
            Pool.globalAvgPool1dBlock(),
            Dropout.builder().build(),
            Linear.builder().setUnits(4).build());

    @TestFactory
    Stream<DynamicTest> settings() {
        return Rejections.tests(
                reject(
                        "a FLOP growth rule on a network with a block of unknown MACs, before the first phase",
                        () -> ResGrow.train(
                                        new GrowingNetwork(
                                                List.of(
                                                        new SequentialBlock()
                                                                .add(Blocks.batchFlattenBlock())
                                                                .add(Linear.builder()
                                                                        .setUnits(16)
                                                                        .build()),
                                                        new UserResidual(16)),
                                                () -> Linear.builder()
                                                        .setUnits(4)
                                                        .build(),
                                                1),
                                        new Shape(1, 4, 4))
                                .on(ArraySource.blobs(40, 4, 1, 4, 0.5, 1), ArraySource.blobs(20, 4, 1, 4, 0.5, 2))
                                .strategy(LookAheadIncremental.builder()
                                        .growthRule(GrowthRule.flopBudget(1e9))
                                        .build())
                                .devices(Device.cpu())
                                .quiet()
                                .fit(),
                        "growthRule",
                        "flopBudget(1.0E9)",
                        "a rule that does not read FLOPs"),
                reject(
                        "a growing VGG on 8x8 images with all five groups planned, before the first phase (a"
                                + " check at the fourth group would ask for 16)",
                        () -> ResGrow.train(
                                        new VggBuilder()
                                                .depth(11)
                                                .widthScale(1 / 16.0)
                                                .fcWidths(8)
                                                .inputChannels(1)
                                                .classes(4)
                                                .buildGrowing(),
                                        new Shape(1, 8, 8))
                                .on(ArraySource.blobs(40, 4, 1, 8, 0.5, 1), ArraySource.blobs(20, 4, 1, 8, 0.5, 2))
                                .strategy(LookAheadIncremental.builder().build())
                                .devices(Device.cpu())
                                .quiet()
                                .fit(),
                        "inputShape",
                        "1x8x8",
                        ">= 32 (five 2x2 max-pools"),
                reject("gamma(0)", () -> LookAheadIncremental.builder().gamma(0), "gamma", "0.0", "> 0"),
                reject("gamma(-0.5)", () -> LookAheadIncremental.builder().gamma(-0.5), "gamma", "-0.5", "> 0"),
                reject("window(1)", () -> LookAheadIncremental.builder().window(1), "window", "1", ">= 2"),
                reject(
                        "lookAheadEpochs(0)",
                        () -> LookAheadIncremental.builder().lookAheadEpochs(0),
                        "lookAheadEpochs",
                        "0",
                        ">= 1"),
                reject(
                        "maxEpochsPerStage(-1)",
                        () -> LookAheadIncremental.builder().maxEpochsPerStage(-1),
                        "maxEpochsPerStage",
                        "-1",
                        ">= 0"),
                reject(
                        "learningRate(0)",
                        () -> LookAheadIncremental.builder().learningRate(0),
                        "learningRate",
                        "0.0",
                        "> 0"),
                reject("batchSize(0)", () -> LookAheadIncremental.builder().batchSize(0), "batchSize", "0", ">= 1"),
                reject(
                        "weightDecay(-1)",
                        () -> LookAheadIncremental.builder().weightDecay(-1),
                        "weightDecay",
                        "-1.0",
                        ">= 0"),
                reject("init(null)", () -> LookAheadIncremental.builder().init(null), "init", "null", "a value"),
                reject(
                        "finalStop(null)",
                        () -> LookAheadIncremental.builder().finalStop(null),
                        "finalStop",
                        "null",
                        "a value"),
                reject(
                        "growthRule(null)",
                        () -> LookAheadIncremental.builder().growthRule(null),
                        "growthRule",
                        "null",
                        "a value"),
                reject(
                        "optimizer(null)",
                        () -> LookAheadIncremental.builder().optimizer(null),
                        "optimizer",
                        "null",
                        "a value"),
                reject(
                        "GrowthRule.accuracyPerMflopBelow(0)",
                        () -> GrowthRule.accuracyPerMflopBelow(0),
                        "threshold",
                        "0.0",
                        "> 0"),
                reject(
                        "a sub-network of pooling and dropout alone",
                        () -> Partition.explicit(LAYERS, new int[] {0}, new int[] {1, 2}, new int[] {3}),
                        "groups",
                        "[[0], [1, 2], [3]]",
                        "each hold trainable parameters"),
                reject(
                        "an explicit partition that skips layer 1",
                        () -> Partition.explicit(LAYERS, new int[] {0}, new int[] {2, 3}),
                        "groups",
                        "[[0], [2, 3]]",
                        "each exactly once, in order"),
                reject(
                        "an explicit partition that leaves out the last layer",
                        () -> Partition.explicit(LAYERS, new int[] {0, 1, 2}),
                        "groups",
                        "[[0, 1, 2]]",
                        "cover all 4 layers"),
                reject(
                        "GrowingNetwork starting with 0 sub-networks",
                        () -> new GrowingNetwork(List.of(LAYERS.get(0)), () -> LAYERS.get(3), 0),
                        "start",
                        "0",
                        "[1, 1]"),
                reject(
                        "a network that cannot grow, at build()",
                        () -> ResGrow.train(TinyNets.mlp(2, 2), new Shape(1, 2, 2))
                                .on(ArraySource.blobs(8, 2, 1, 2, 0, 1))
                                .strategy(LookAheadIncremental.builder().build())
                                .build(),
                        "network",
                        "SequentialBlock",
                        "implements Growable"));
    }
}
