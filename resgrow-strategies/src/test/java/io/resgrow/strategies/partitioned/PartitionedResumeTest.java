package io.resgrow.strategies.partitioned;

import static io.resgrow.strategies.partitioned.PartitionedStrategyTest.DATA;
import static io.resgrow.strategies.partitioned.PartitionedStrategyTest.monolith;
import static io.resgrow.strategies.partitioned.PartitionedStrategyTest.quick;
import static io.resgrow.strategies.partitioned.PartitionedStrategyTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.testing.ResumeCheck;
import io.resgrow.core.testing.ResumeCheck.StepLog;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A partitioned run stopped in the middle of a branch, between stages, inside the head's cached
 * stage (whose features must then come from the resumed parameters) or inside fine-tuning resumes
 * from its checkpoints to the same parameters and the same table as a run never stopped. (The
 * examples module's KillResumeTest does the same with real SIGKILLs.)
 */
@Tag("slow")
class PartitionedResumeTest {

    /** What the listener throws to stop the run. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Three steps an epoch per branch (48 of 96 samples, batch 16), six in the later stages. */
    @ParameterizedTest(name = "stopped at {0}")
    @ValueSource(strings = {"branch-1:2", "branch-2:3", "head:1", "head:8", "fine-tune:4"})
    void aRunStoppedAnywhereResumesBitIdentical(String where, @TempDir Path dir) {
        check(where, quick(), dir);
    }

    /**
     * A head rate so high that stage 2 ends below its start: the head goes back to its start after
     * the stage, decided from the proxies, which the checkpoints inside the stage keep.
     */
    @ParameterizedTest(name = "stopped at {0}")
    @ValueSource(strings = {"head:2", "fine-tune:1"})
    void aRunWhoseHeadGoesBackToItsStartResumesBitIdentical(String where, @TempDir Path dir) {
        TrainingReport straight = run(monolith(), DATA, wrecked().build()).fit();
        assertTrue(
                straight.events().stream()
                        .anyMatch(e -> e.type().equals("head-kept")
                                && Boolean.TRUE.equals(e.data().get("start"))),
                "the case goes back to the start");
        check(where, wrecked(), dir);
    }

    static PartitionedStrategy.Builder wrecked() {
        return quick().learningRate(PartitionedStrategy.Stage.HEAD, 40.0);
    }

    private static void check(String where, PartitionedStrategy.Builder strategy, Path dir) {
        String phase = where.split(":")[0];
        int step = Integer.parseInt(where.split(":")[1]);
        StepLog straightSteps = new StepLog();
        TrainingReport straight =
                run(monolith(), DATA, strategy.build(), straightSteps).fit();
        int[] seen = new int[1];
        RunListener stop = new RunListener() {
            @Override
            public void onStep(StepInfo info) {
                if (info.phase().equals(phase) && ++seen[0] == step) {
                    throw new Stop();
                }
            }
        };
        assertThrows(
                Stop.class,
                () -> run(monolith(), DATA, strategy.build(), stop)
                        .checkpoints(dir)
                        .checkpointEverySteps(1)
                        .fit());
        ResumeCheck.Position at = ResumeCheck.newest(dir);
        StepLog resumedSteps = new StepLog();
        TrainingReport resumed = run(monolith(), DATA, strategy.build(), resumedSteps)
                .checkpoints(dir)
                .checkpointEverySteps(1)
                .resume(true)
                .fit();
        ResumeCheck.assertResumedAt(at, resumed, straightSteps, resumedSteps);
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        PartitionedTable a = PartitionedTable.of(straight);
        PartitionedTable b = PartitionedTable.of(resumed);
        assertEquals(
                a.rows().stream()
                        .map(r -> r.stage() + "/" + r.branch() + "/" + r.epochs() + "/" + r.accuracy())
                        .toList(),
                b.rows().stream()
                        .map(r -> r.stage() + "/" + r.branch() + "/" + r.epochs() + "/" + r.accuracy())
                        .toList());
    }
}
