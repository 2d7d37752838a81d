package io.resgrow.examples.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.report.RunCharts.Axis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mean curve and range band of several seeds, against values worked out by hand. */
class SeedCurvesTest {

    private static TrainingReport run(double[] validation, double[] seconds) {
        List<EpochRecord> epochs = new ArrayList<>();
        for (int i = 0; i < validation.length; i++) {
            epochs.add(new EpochRecord(
                    i + 1, "train", 1.0, 0.5, validation[i], 1.0, 0.1, 10, 100, 1e9 * (i + 1), seconds[i]));
        }
        return new TrainingReport("s", 0.5, seconds[seconds.length - 1], 10, "h", epochs, List.of(), Map.of());
    }

    @Test
    void averagesEachEpochOverTheSeedsThatReachedIt() {
        List<TrainingReport> seeds = List.of(
                run(new double[] {0.5, 0.7}, new double[] {10, 20}),
                run(new double[] {0.6, 0.8, 0.9}, new double[] {12, 22, 30}));
        Series mean = SeedCurves.mean("plain", Axis.SECONDS, seeds);
        assertArrayEquals(new double[] {11, 21, 30}, mean.x(), 1e-12);
        assertArrayEquals(new double[] {0.55, 0.75, 0.9}, mean.y(), 1e-12);
        Band band = SeedCurves.range("plain", Axis.SECONDS, seeds);
        assertArrayEquals(new double[] {0.5, 0.7, 0.9}, band.low(), 1e-12);
        assertArrayEquals(new double[] {0.6, 0.8, 0.9}, band.high(), 1e-12);
        assertArrayEquals(
                new double[] {1, 2, 3}, SeedCurves.mean("p", Axis.EPOCHS, seeds).x(), 1e-12);
    }

    @Test
    void aPartitionedHeadTakenBackToItsStartIsDrawnAtTheStartsAccuracy() {
        TrainingReport trained = run(new double[] {0.5, 0.6, 0.7}, new double[] {10, 20, 30});
        RunEvent kept = new RunEvent(
                2, 0, "head-kept", "", Map.of("start", true, "trainedAccuracy", 0.6, "startAccuracy", 0.66));
        TrainingReport back = new TrainingReport("s", 0.5, 30, 10, "h", trained.epochs(), List.of(kept), Map.of());
        Series mean = SeedCurves.mean("partitioned", Axis.EPOCHS, List.of(trained, back));
        assertArrayEquals(new double[] {0.5, 0.63, 0.7}, mean.y(), 1e-12, "(0.6 + 0.66) / 2 after epoch 2");
        Band band = SeedCurves.range("partitioned", Axis.EPOCHS, List.of(back));
        assertArrayEquals(new double[] {0.5, 0.66, 0.7}, band.high(), 1e-12);
    }

    @Test
    void onTheEpochAxisABranchsEpochCountsAKthOfTheNetworks() {
        List<EpochRecord> epochs = new ArrayList<>();
        String[] phases = {"branch-1", "branch-1", "branch-2", "branch-2", "head"};
        for (int i = 0; i < phases.length; i++) {
            double share = phases[i].startsWith("branch") ? 0.5 : 1;
            epochs.add(new EpochRecord(
                    i + 1, phases[i], 1.0, 0.5, 0.5, 1.0, 0.1, 10, 100, 1e9 * (i + 1), i + 1, Map.of(), share));
        }
        TrainingReport r = new TrainingReport("p", 0.5, 5, 10, "h", epochs, List.of(), Map.of());
        assertArrayEquals(
                new double[] {0.5, 1, 1.5, 2, 3},
                SeedCurves.mean("partitioned", Axis.EPOCHS, List.of(r)).x(),
                1e-12,
                "2 branches: half an epoch each, then the head's whole one");
        assertArrayEquals(
                new double[] {1, 2, 3, 4, 5},
                SeedCurves.mean("p", Axis.SECONDS, List.of(r)).x(),
                1e-12);
    }

    @Test
    void theBandsOutlineGoesAlongTheHighsAndBackAlongTheLows() {
        Band b = new Band("p", new double[] {1, 2}, new double[] {0.1, 0.2}, new double[] {0.3, 0.4});
        double[][] o = b.outline();
        assertArrayEquals(new double[] {1, 2, 2, 1}, o[0], 0);
        assertArrayEquals(new double[] {0.3, 0.4, 0.2, 0.1}, o[1], 0);
    }
}
