package io.resgrow.strategies.modelparallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.resgrow.core.ResGrow;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.placement.NetworkPlacement;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.models.block.ResidualBlock;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.strategies.incremental.LookAheadIncremental;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Incremental growth inside the wrapper, on a growing network of multi-residual blocks (k = 2):
 * every sub-network's functions are placed when it joins (function i on slot i), and the placed
 * run makes the same decisions and ends with the parameters of the unplaced run. Routing launches
 * the remote function first, so autograd adds the input's gradient contributions in another order:
 * float rounding that RMSProp's division amplifies over a whole run (about 1e-4 here, against 1e-5
 * after 20 SGD steps in ModelParallelBranchesTest). With every function on the home slot the
 * order is the unplaced one, and the runs are bit-identical: placement itself changes nothing.
 */
class PlacedIncrementalTest {

    private static final ArraySource DATA = ArraySource.blobs(120, 4, 1, 8, 1.5, 21);

    private static Block growing() {
        return new ResNetBuilder()
                .blocks(1, 1, 1)
                .widths(4, 8, 16)
                .functionsPerBlock(2)
                .inputChannels(1)
                .classes(4)
                .buildGrowing(new Shape(1, 8, 8));
    }

    private static LookAheadIncremental incremental() {
        return LookAheadIncremental.builder()
                .window(2)
                .maxEpochsPerStage(2)
                .lookAheadEpochs(1)
                .learningRate(1e-3)
                .batchSize(20)
                .build();
    }

    private static TrainingReport train(Block net, TrainingStrategy strategy) {
        return ResGrow.train(net, new Shape(1, 8, 8))
                .on(DATA, DATA)
                .test(DATA)
                .strategy(strategy)
                .batchSize(20)
                .seed(5)
                .devices(Device.cpu())
                .quiet()
                .fit();
    }

    @Test
    void withEveryFunctionAtHomeThePlacedRunIsBitIdentical() {
        Block unplaced = growing();
        TrainingReport alone = train(unplaced, incremental());
        Block net = growing();
        TrainingReport placed = train(
                net,
                ModelParallelBranches.builder()
                        .devices("cpu,cpu")
                        .explicit(0, 0)
                        .inner(incremental())
                        .build());
        assertEquals(alone.paramsSha256(), placed.paramsSha256());
        assertEquals(0.0, PlacedNets.maxDifference(unplaced, net));
    }

    @Test
    void everySubNetworkIsPlacedWhenItJoinsAndTheRunEndsAsTheUnplacedOne() {
        Block unplaced = growing();
        TrainingReport alone = train(unplaced, incremental());

        Block net = growing();
        ModelParallelBranches mp = ModelParallelBranches.builder()
                .devices("cpu,cpu")
                .roundRobin()
                .inner(incremental())
                .build();
        TrainingReport placed = train(net, mp);

        assertEquals(alone.testAccuracy(), placed.testAccuracy(), 1e-6);
        assertEquals(alone.epochs().size(), placed.epochs().size(), "the same growth decisions");
        assertTrue(
                PlacedNets.maxDifference(unplaced, net) < 5e-4,
                "placed and unplaced runs differ by " + PlacedNets.maxDifference(unplaced, net));
        List<ResidualBlock> blocks = new ArrayList<>();
        collect(net, blocks);
        assertEquals(3, blocks.size(), "three sub-networks of one block each");
        NetworkPlacement p = mp.lastPlacement();
        for (ResidualBlock b : blocks) {
            for (int f = 0; f < 2; f++) {
                for (Parameter param : b.branches().get(f).getParameters().values()) {
                    assertEquals(f, p.slot(param).index(), "function " + f + ": " + param.getName());
                }
            }
        }
        long placements = placed.events().stream()
                .filter(e -> e.type().equals("placement"))
                .count();
        long phases = alone.events().stream()
                .filter(e -> e.type().equals("phase-start"))
                .count();
        assertTrue(phases >= 5, "at least three stages and two look-aheads: " + phases);
        assertEquals(phases, placements, "one placement per phase");
    }

    private static void collect(Block block, List<ResidualBlock> out) {
        if (block instanceof ResidualBlock r) {
            out.add(r);
            return;
        }
        block.getChildren().values().forEach(c -> collect(c, out));
    }
}
