package io.resgrow.strategies.partitioned;

import static io.resgrow.core.testing.Rejections.reject;
import static io.resgrow.strategies.partitioned.PartitionedStrategy.Stage.BRANCHES;
import static io.resgrow.strategies.partitioned.PartitionedStrategy.Stage.FINE_TUNE;
import static io.resgrow.strategies.partitioned.PartitionedStrategy.Stage.HEAD;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.resgrow.core.ResGrow;
import io.resgrow.core.network.Fused;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.Rejections;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Partitioned training's part of the catalogue of malformed configurations. */
class BadPartitionedSettingsTest {

    private static final Shape INPUT = new Shape(1, 8, 8);
    private static final ArraySource DATA = ArraySource.blobs(8, 4, 1, 8, 0, 1);

    /** A network that claims branches and a fusion head but has no branch. */
    private static final class NoBranches extends SequentialBlock implements Fused {
        private final Block fusion = Linear.builder().setUnits(4).build();

        NoBranches() {
            add(Blocks.batchFlattenBlock()).add(fusion);
        }

        @Override
        public List<Block> branches() {
            return List.of();
        }

        @Override
        public Block fusion() {
            return fusion;
        }
    }

    private static void build(Block net, PartitionedStrategy.Builder strategy) {
        ResGrow.train(net, INPUT).on(DATA).strategy(strategy.build()).build();
    }

    @TestFactory
    Stream<DynamicTest> settings() {
        PartitionedStrategy.Builder b = PartitionedStrategy.builder();
        return Rejections.tests(
                reject("subsetFraction(0)", () -> b.subsetFraction(0), "subsetFraction", "0.0", "(0, 1]"),
                reject("subsetFraction(1.5)", () -> b.subsetFraction(1.5), "subsetFraction", "1.5", "(0, 1]"),
                reject("epochs(BRANCHES, 0)", () -> b.epochs(BRANCHES, 0), "branches.epochs", "0", ">= 1"),
                reject("epochs(HEAD, 0)", () -> b.epochs(HEAD, 0), "head.epochs", "0", ">= 1"),
                reject("epochs(FINE_TUNE, -1)", () -> b.epochs(FINE_TUNE, -1), "fineTune.epochs", "-1", ">= 0"),
                reject("stageEpochs(0, 2, 2)", () -> b.stageEpochs(0, 2, 2), "branches.epochs", "0", ">= 1"),
                reject("scaleEpochs(0)", () -> b.scaleEpochs(0), "scaleEpochs", "0.0", "> 0"),
                reject("learningRate(HEAD, -1)", () -> b.learningRate(HEAD, -1), "head.learningRate", "-1.0", "> 0"),
                reject("batchSize(FINE_TUNE, 0)", () -> b.batchSize(FINE_TUNE, 0), "fineTune.batchSize", "0", ">= 1"),
                reject(
                        "decay(BRANCHES, 0.2, 0.5, 1.0)",
                        () -> b.decay(BRANCHES, 0.2, 0.5, 1.0),
                        "branches.decayAt",
                        "[0.5, 1.0]",
                        "in (0, 1)"),
                reject("decay(HEAD, 0, 0.5)", () -> b.decay(HEAD, 0, 0.5), "head.decayFactor", "0.0", "> 0"),
                reject(
                        "decay(BRANCHES, -0.2, 0.5)",
                        () -> b.decay(BRANCHES, -0.2, 0.5),
                        "branches.decayFactor",
                        "-0.2",
                        "> 0"),
                reject("momentum(1)", () -> b.momentum(1), "momentum", "1.0", "[0.0, 1.0)"),
                reject("weightDecay(-1)", () -> b.weightDecay(-1), "weightDecay", "-1.0", ">= 0"),
                reject("new MonolithNet(0, ...)", () -> new MonolithNet(0, 10, 1, 4, 1, 4), "branches", "0", ">= 1"),
                reject(
                        "a network without branches and fusion head, at build()",
                        () -> build(
                                new ResNetBuilder()
                                        .blocks(1, 1, 1)
                                        .widths(4, 8, 16)
                                        .inputChannels(1)
                                        .classes(4)
                                        .build(),
                                PartitionedStrategy.builder()),
                        "network",
                        "ResNet",
                        "implementing Fused"),
                reject(
                        "a Fused network with zero branches, at build()",
                        () -> build(new NoBranches(), PartitionedStrategy.builder()),
                        "branches",
                        "0",
                        "at least 1"),
                reject(
                        "disjoint subsets of 0.6 for 2 branches, at build()",
                        () -> build(
                                new MonolithNet(2, 10, 1, 4, 1, 4),
                                PartitionedStrategy.builder()
                                        .subsetFraction(0.6)
                                        .disjointSubsets(true)),
                        "subsetFraction",
                        "0.6",
                        "at most 1/2"));
    }
}
