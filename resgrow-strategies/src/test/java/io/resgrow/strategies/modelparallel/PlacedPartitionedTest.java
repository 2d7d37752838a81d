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
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.placement.NetworkPlacement;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.strategies.partitioned.PartitionedStrategy;
import io.resgrow.strategies.partitioned.PartitionedStrategy.Stage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Partitioned training inside the wrapper: MonolithNet's branches are placed one per slot; stage 1
 * trains each branch alone on its own slot (input sent there, features back: two transfers per
 * step for the remote branch, none for the home one), stages 2 and 3 run every branch on its
 * slot, and the whole run ends with the parameters of the unplaced run.
 */
class PlacedPartitionedTest {

    private static final ArraySource DATA = ArraySource.blobs(64, 4, 1, 8, 1.0, 31);
    private static final int BATCH = 16;

    private static PartitionedStrategy partitioned(boolean offload) {
        return PartitionedStrategy.builder()
                .stageEpochs(1, 1, 1)
                .learningRate(Stage.BRANCHES, 0.05)
                .learningRate(Stage.HEAD, 0.1)
                .learningRate(Stage.FINE_TUNE, 1e-3)
                .batchSize(Stage.BRANCHES, BATCH)
                .batchSize(Stage.HEAD, BATCH)
                .batchSize(Stage.FINE_TUNE, BATCH)
                .offloadInactiveBranches(offload)
                .build();
    }

    private static RunBuilder run(MonolithNet net, TrainingStrategy strategy) {
        return ResGrow.train(net, new Shape(1, 8, 8))
                .on(DATA, DATA)
                .strategy(strategy)
                .seed(6)
                .devices(Device.cpu())
                .quiet();
    }

    @Test
    void eachBranchTrainsOnItsSlotAndTheRunEndsAsTheUnplacedOne() {
        MonolithNet unplaced = new MonolithNet(2, 10, 1, 4, 1, 4);
        run(unplaced, partitioned(false)).fit();

        MonolithNet net = new MonolithNet(2, 10, 1, 4, 1, 4);
        ModelParallelBranches mp = ModelParallelBranches.builder()
                .devices("cpu,cpu")
                .explicit(0, 1)
                .inner(partitioned(false))
                .build();
        List<String> phases = new ArrayList<>();
        List<Long> transfers = new ArrayList<>();
        TrainingReport report = run(net, mp)
                .listener(new RunListener() {
                    private long last;

                    @Override
                    public void onStep(StepInfo s) {
                        long now = mp.lastPlacement().transfers().transfers();
                        transfers.add(now - last);
                        last = now;
                        phases.add(s.phase());
                    }
                })
                .fit();

        assertTrue(
                PlacedNets.maxDifference(unplaced, net) < 1e-5,
                "placed and unplaced runs differ by " + PlacedNets.maxDifference(unplaced, net));
        NetworkPlacement p = mp.lastPlacement();
        for (int b = 0; b < 2; b++) {
            for (Parameter param : net.branches().get(b).getParameters().values()) {
                assertEquals(b, p.slot(param).index(), "branch " + (b + 1) + " parameter " + param.getName());
            }
        }
        for (Parameter param : net.fusion().getParameters().values()) {
            assertEquals(0, p.slot(param).index(), "the fusion head lives at home");
        }
        // a training step through the remote branch sends the input there and the features back, and the
        // gradient of each comes back in the backward pass: 4 transfers; the home branch makes none; the head
        // trains on features computed once (no augmentation), so it routes nothing. A phase's first step also
        // holds the previous phase's validation, so it is left out.
        for (int i = 1; i < phases.size(); i++) {
            if (!phases.get(i).equals(phases.get(i - 1))) {
                continue;
            }
            long expected = switch (phases.get(i)) {
                case "branch-1", "head" -> 0;
                default -> 4;
            };
            assertEquals(expected, transfers.get(i), "transfers in step " + (i + 1) + " (" + phases.get(i) + ")");
        }
        assertTrue(phases.containsAll(List.of("branch-1", "branch-2", "head", "fine-tune")), phases.toString());
        RunEvent placement = report.events().stream()
                .filter(e -> e.type().equals("placement"))
                .findFirst()
                .orElseThrow();
        assertEquals(2, ((List<?>) placement.data().get("functions")).size());
    }

    @Test
    void offloadingUnderAPlacementIsRefused() {
        ModelParallelBranches mp = ModelParallelBranches.builder()
                .devices("cpu,cpu")
                .inner(partitioned(true))
                .build();
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> run(new MonolithNet(2, 10, 1, 4, 1, 4), mp).fit());
        assertTrue(e.getMessage().contains("offloadInactiveBranches"), e.getMessage());
        assertTrue(e.getMessage().contains("model parallelism decides where every branch lives"), e.getMessage());
    }
}
