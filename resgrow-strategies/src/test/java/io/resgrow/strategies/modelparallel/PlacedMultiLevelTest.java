package io.resgrow.strategies.modelparallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.placement.NetworkPlacement;
import io.resgrow.models.block.ResNet;
import io.resgrow.strategies.multilevel.MultiLevelInterpolation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-level interpolation inside the wrapper: the blocks each interpolation inserts are placed
 * (a copy's functions where the copied functions are), the placed run trains what the unplaced
 * run trains, and a placed run stopped inside the second cycle resumes bit-identical.
 */
class PlacedMultiLevelTest {

    private static MultiLevelInterpolation multilevel() {
        return MultiLevelInterpolation.builder()
                .eta(0.1, 0.001)
                .batchSize(25)
                .cycleLengths(1, 1, 1)
                .build();
    }

    private static ModelParallelBranches placed() {
        // function 0 of every block on the second slot, function 1 on the home slot
        return ModelParallelBranches.builder()
                .devices("cpu,cpu")
                .explicit(1, 0)
                .inner(multilevel())
                .build();
    }

    private static RunBuilder run(ResNet net, TrainingStrategy strategy) {
        return ResGrow.train(net, new Shape(1, 8, 8))
                .on(PlacedNets.DATA, PlacedNets.DATA)
                .strategy(strategy)
                .seed(4)
                .devices(Device.cpu())
                .quiet();
    }

    @Test
    void insertedBlocksArePlacedLikeTheFunctionsTheyCopyAndTrainAsUnplaced() {
        ResNet unplaced = PlacedNets.multires(2);
        run(unplaced, multilevel()).fit();
        ResNet net = PlacedNets.multires(2);
        ModelParallelBranches mp = placed();
        TrainingReport report = run(net, mp).fit();

        List<RunEvent> placements = report.events().stream()
                .filter(e -> e.type().equals("placement"))
                .toList();
        assertEquals(
                List.of(6, 12, 24),
                placements.stream()
                        .map(e -> ((List<?>) e.data().get("functions")).size())
                        .toList(),
                "3, 6, then 12 blocks of 2");
        NetworkPlacement p = mp.lastPlacement();
        Map<Parameter, Integer> function = PlacedNets.functionIndex(net);
        assertEquals(24, PlacedNets.blocks(net).size() * 2);
        for (Parameter param : net.getParameters().values()) {
            Integer f = function.get(param);
            int expected = f == null ? 0 : f == 0 ? 1 : 0;
            assertEquals(expected, p.slot(param).index(), param.getName());
        }
        assertTrue(
                PlacedNets.maxDifference(unplaced, net) < 1e-5,
                "placed and unplaced multi-level runs differ by " + PlacedNets.maxDifference(unplaced, net));
    }

    @Test
    void aPlacedMultiLevelRunStoppedInTheSecondCycleResumesExactly(@TempDir Path dir) {
        String straight = run(PlacedNets.multires(2), placed())
                .checkpoints(dir.resolve("a"))
                .fit()
                .paramsSha256();
        Path b = dir.resolve("b");
        assertThrows(
                Crash.class,
                () -> run(PlacedNets.multires(2), placed())
                        .checkpoints(b)
                        .checkpointEverySteps(2)
                        .listener(crashAt(2, 5))
                        .fit());
        TrainingReport resumed = run(PlacedNets.multires(2), placed())
                .checkpoints(b)
                .checkpointEverySteps(2)
                .resume(true)
                .fit();
        assertEquals(straight, resumed.paramsSha256());
        assertTrue(
                resumed.events().stream()
                        .anyMatch(e -> e.type().equals("resume") && e.detail().contains("cycle-2")),
                resumed.events().toString());
    }

    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static RunListener crashAt(int epoch, int step) {
        return new RunListener() {
            @Override
            public void onStep(StepInfo s) {
                if (s.epoch() == epoch && s.step() == step) {
                    throw new Crash();
                }
            }
        };
    }
}
