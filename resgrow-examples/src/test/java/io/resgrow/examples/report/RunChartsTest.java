package io.resgrow.examples.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every DJL evaluator a run reported gets a chart of its training and validation values. */
class RunChartsTest {

    private static EpochRecord epoch(int n, double trainTop3, Double validationTop3) {
        Map<String, Double> metrics = validationTop3 == null
                ? Map.of("train_top 3", trainTop3)
                : Map.of("train_top 3", trainTop3, "validation_top 3", validationTop3);
        return new EpochRecord(n, "plain", 1.0, 0.5, 0.4, 1.1, 0.1, 10, 100, n * 1e6, n, metrics, 1.0);
    }

    @Test
    void anEvaluatorsValuesBecomeAChartWithTrainingAndValidationCurves() {
        TrainingReport report = new TrainingReport(
                "plain", 0.5, 2, 10, "ab", List.of(epoch(1, 0.7, 0.6), epoch(2, 0.8, null)), List.of());
        List<Chart> charts = RunCharts.evaluatorCharts(report);
        assertEquals(1, charts.size());
        Chart chart = charts.get(0);
        assertEquals("metric-top_3-epochs.png", chart.file());
        assertEquals("train top 3", chart.series().get(0).name());
        assertArrayEquals(new double[] {0.7, 0.8}, chart.series().get(0).y());
        assertEquals("validation top 3", chart.series().get(1).name());
        assertArrayEquals(new double[] {0.6}, chart.series().get(1).y());
        assertEquals(
                1,
                RunCharts.of(report).stream()
                        .filter(c -> c.file().startsWith("metric-"))
                        .count());
    }

    @Test
    void aRunWithoutEvaluatorsHasNoEvaluatorChart() {
        TrainingReport report = new TrainingReport(
                "plain",
                0.5,
                2,
                10,
                "ab",
                List.of(new EpochRecord(1, "plain", 1, 0.5, 0.4, 1.1, 0.1, 10, 100, 1, 1)),
                List.of());
        assertEquals(List.of(), RunCharts.evaluatorCharts(report));
    }
}
