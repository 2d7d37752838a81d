package io.resgrow.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's time to the target: its epochs, and a partitioned head the run took back to its start. */
class ComparisonRowTest {

    private static EpochRecord epoch(int n, String phase, double validation, double seconds) {
        return epoch(n, phase, validation, seconds, 1.0);
    }

    private static EpochRecord epoch(int n, String phase, double validation, double seconds, Double share) {
        return new EpochRecord(n, phase, 1.0, 0.5, validation, 1.0, 0.01, 100, 10, 1e9 * n, seconds, Map.of(), share);
    }

    private static TrainingReport report(RunEvent... events) {
        List<EpochRecord> epochs =
                List.of(epoch(1, "branch-1", 0.55, 10), epoch(2, "head", 0.60, 12), epoch(3, "fine-tune", 0.82, 20));
        return new TrainingReport("partitioned", 0.8, 20, 100, "hash", epochs, List.of(events));
    }

    private static RunEvent kept(int epoch, boolean start, double startAccuracy) {
        return new RunEvent(
                epoch,
                0,
                "head-kept",
                "fusion head after stage 2",
                Map.of("start", start, "trainedAccuracy", 0.60, "startAccuracy", startAccuracy));
    }

    @Test
    void aKeptHeadStartThatReachedTheTargetCountsAtTheEpochItFollows() {
        ComparisonRow row = ComparisonRow.of("partitioned", report(kept(2, true, 0.78)), 0.75);
        assertEquals(12.0, row.secondsToTarget());
        assertEquals(2e9, row.flopsToTarget());
    }

    @Test
    void withoutAKeptStartOnlyTheEpochsCount() {
        assertEquals(20.0, ComparisonRow.of("p", report(), 0.75).secondsToTarget());
        assertEquals(
                20.0,
                ComparisonRow.of("p", report(kept(2, false, 0.78)), 0.75).secondsToTarget(),
                "a head kept as trained is already in the epochs");
        assertEquals(
                20.0,
                ComparisonRow.of("p", report(kept(2, true, 0.70)), 0.75).secondsToTarget(),
                "a kept start below the target");
        assertNull(ComparisonRow.of("p", report(), 0.9).secondsToTarget());
    }

    @Test
    void eachEpochCountsItsRecordsShareOfAnEpochOfTheNetwork() {
        List<EpochRecord> epochs = new ArrayList<>();
        int n = 0;
        for (String phase : List.of("branch-1", "branch-1", "branch-2", "branch-2", "branch-3", "branch-3")) {
            epochs.add(epoch(++n, phase, 0.5, n, 1.0 / 3));
        }
        epochs.add(epoch(++n, "head", 0.6, n));
        epochs.add(epoch(++n, "head", 0.6, n));
        epochs.add(epoch(++n, "fine-tune", 0.6, n));
        TrainingReport r = new TrainingReport("partitioned", 0.8, n, 100, "hash", epochs, List.of());
        // 3 branches x 2 epochs at a third each = 2 epochs of the network, plus 2 head epochs and 1 of fine-tuning
        assertEquals(5.0, ComparisonRow.of("p", r, 0.9).epochs(), 1e-12);
        assertEquals(3.0, ComparisonRow.of("p", report(), 0.9).epochs(), 1e-12, "a share of 1 whatever the name");
        List<EpochRecord> quarters = List.of(epoch(1, "stage-1", 0.5, 1, 0.25), epoch(2, "anything", 0.5, 2, 0.25));
        assertEquals(
                0.5,
                ComparisonRow.of("p", new TrainingReport("s", 0.8, 2, 100, "h", quarters, List.of()), 0.9)
                        .epochs(),
                1e-12,
                "the share, not the phase's name, decides");
    }

    @Test
    void aReportWrittenBeforeSharesCountsABranchPhaseAsAKthOfAnEpoch() {
        List<EpochRecord> epochs = new ArrayList<>();
        int n = 0;
        for (String phase : List.of("branch-1", "branch-1", "branch-2", "branch-2", "head")) {
            epochs.add(epoch(++n, phase, 0.5, n, null));
        }
        TrainingReport r = new TrainingReport("partitioned", 0.8, n, 100, "hash", epochs, List.of());
        // 2 branches x 2 epochs at a half each, and the head's whole one
        assertEquals(3.0, ComparisonRow.of("p", r, 0.9).epochs(), 1e-12);
    }

    @Test
    void aRunResumedByANewerVersionCountsItsOldBranchEpochsByAllItsBranches() {
        // branch-1 trained (and checkpointed) before shares were recorded, branch-2 after the resume
        List<EpochRecord> epochs = List.of(
                epoch(1, "branch-1", 0.5, 1, null),
                epoch(2, "branch-1", 0.5, 2, null),
                epoch(3, "branch-2", 0.5, 3, 0.5),
                epoch(4, "branch-2", 0.5, 4, 0.5),
                epoch(5, "head", 0.6, 5, 1.0));
        TrainingReport r = new TrainingReport("partitioned", 0.8, 5, 100, "hash", epochs, List.of());
        assertEquals(3.0, ComparisonRow.of("p", r, 0.9).epochs(), 1e-12, "4 branch epochs at a half, the head's one");
    }
}
