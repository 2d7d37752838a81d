package io.resgrow.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.GcPressure;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.strategies.incremental.LookAheadIncremental;
import io.resgrow.strategies.modelparallel.ModelParallelBranches;
import io.resgrow.strategies.multilevel.MultiLevelInterpolation;
import io.resgrow.strategies.partitioned.PartitionedStrategy;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same seed gives the same network whatever the garbage collector does: every strategy trains
 * once quietly and once while another thread collects and poisons freed native memory
 * continuously, and both runs must end bit-identical. Every strategy joins this test.
 */
@Tag("slow")
class DeterminismTest {

    private static final ArraySource DATA = ArraySource.blobs(120, 4, 1, 8, 1.5, 21);

    static Stream<Arguments> strategies() {
        return Stream.of(
                Arguments.of("plain", (Supplier<TrainingStrategy>) () -> PlainStrategy.epochs(3)),
                Arguments.of("multilevel", (Supplier<TrainingStrategy>) () -> MultiLevelInterpolation.builder()
                        .eta(0.1, 0.001)
                        .batchSize(20)
                        .cycleLengths(1, 1, 1)
                        .build()),
                Arguments.of("multilevel-steps", (Supplier<TrainingStrategy>) () -> MultiLevelInterpolation.builder()
                        .eta(0.1, 0.001)
                        .batchSize(20)
                        .cycleStepLengths(4, 5, 4)
                        .build()),
                Arguments.of("incremental", (Supplier<TrainingStrategy>) () -> LookAheadIncremental.builder()
                        .window(2)
                        .maxEpochsPerStage(2)
                        .lookAheadEpochs(1)
                        .learningRate(1e-3)
                        .batchSize(20)
                        .build()),
                Arguments.of("partitioned", (Supplier<TrainingStrategy>) () -> PartitionedStrategy.builder()
                        .stageEpochs(2, 2, 1)
                        .learningRate(PartitionedStrategy.Stage.BRANCHES, 0.05)
                        .learningRate(PartitionedStrategy.Stage.FINE_TUNE, 1e-3)
                        .batchSize(PartitionedStrategy.Stage.BRANCHES, 20)
                        .batchSize(PartitionedStrategy.Stage.HEAD, 20)
                        .batchSize(PartitionedStrategy.Stage.FINE_TUNE, 20)
                        .build()),
                Arguments.of("modelparallel-multilevel", (Supplier<TrainingStrategy>)
                        () -> ModelParallelBranches.builder()
                                .devices("cpu,cpu")
                                .inner(MultiLevelInterpolation.builder()
                                        .eta(0.1, 0.001)
                                        .batchSize(20)
                                        .cycleLengths(1, 1, 1)
                                        .build())
                                .build()));
    }

    private static TrainingReport train(TrainingStrategy strategy) {
        ResNetBuilder net = new ResNetBuilder()
                .blocks(1, 1, 1)
                .widths(4, 8, 16)
                .inputChannels(1)
                .classes(4);
        Block network = strategy instanceof LookAheadIncremental
                ? net.buildGrowing(new Shape(1, 8, 8))
                : strategy instanceof PartitionedStrategy
                        ? new MonolithNet(2, 10, 1, 4, 1, 4)
                        : strategy instanceof ModelParallelBranches
                                ? net.functionsPerBlock(2).build()
                                : net.build();
        return ResGrow.train(network, new Shape(1, 8, 8))
                .on(DATA, DATA)
                .strategy(strategy)
                .batchSize(20)
                .seed(5)
                .devices(Device.cpu())
                .quiet()
                .fit();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void collectionDoesNotChangeTheResult(String name, Supplier<TrainingStrategy> strategy) throws Exception {
        String quiet = train(strategy.get()).paramsSha256();
        String pressed;
        try (AutoCloseable hammer = GcPressure.hammer()) {
            pressed = train(strategy.get()).paramsSha256();
        }
        assertEquals(quiet, pressed, name + ": a run under collection pressure ended elsewhere");
    }
}
