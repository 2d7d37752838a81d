package io.resgrow.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison table's cells over seeds: means and ranges worked out by hand. */
class ComparisonSummaryTest {

    private static ComparisonRow row(double test, int epochs, double seconds, Double toTarget, Double flopsTo) {
        return new ComparisonRow("x", "a strategy", test, test + 0.01, epochs, seconds, 1e12, toTarget, flopsTo);
    }

    @Test
    void givesTheMeanAndTheRangeOfEachFigure() {
        ComparisonSummary s = new ComparisonSummary(
                "multilevel",
                List.of(row(0.80, 6, 100, 50.0, 4e11), row(0.82, 6, 110, 60.0, 5e11), row(0.84, 6, 120, 70.0, 6e11)));
        List<String> c = s.cells(6, null);
        assertEquals(ComparisonPage.COLUMNS.size(), c.size());
        assertEquals("3", c.get(2));
        assertEquals("6", c.get(3), "equal epochs need no range, and 6 is within the budget");
        assertEquals("0.8200 (0.8000-0.8400)", c.get(4));
        assertEquals("0.8300 (0.8100-0.8500)", c.get(5));
        assertEquals("110.0 (100.0-120.0)", c.get(6));
        assertEquals("1.00e+12", c.get(7));
        assertEquals("60.0 (50.0-70.0)", c.get(8));
        assertEquals("5.00e+11 (4.00e+11-6.00e+11)", c.get(9));
        assertEquals("-", c.get(10), "no plain line, no ratio");
    }

    @Test
    void saysHowManySeedsReachedTheTargetAndByHowMuchARunExceededTheBudget() {
        ComparisonSummary s = new ComparisonSummary(
                "incremental", List.of(row(0.80, 7, 100, null, null), row(0.82, 5, 110, 40.0, 3e11)));
        List<String> c = s.cells(5, null);
        assertEquals("6 (5-7), 2 over the budget of 5", c.get(3));
        assertEquals("40.0, 1 of 2 seeds", c.get(8));
        ComparisonSummary none = new ComparisonSummary("p", List.of(row(0.5, 3, 10, null, null)));
        assertEquals("not reached", none.cells(null, null).get(8));
    }

    @Test
    void branchEpochsThatAddUpToTheBudgetAreWithinIt() {
        double ninths = 0;
        for (int i = 0; i < 9; i++) {
            ninths += 1 / 9.0; // 9 branches one epoch each: 1.0000000000000002, not over the budget
        }
        ComparisonRow third = new ComparisonRow("p", "partitioned", 0.8, 0.8, ninths + 1, 10, 1e12, null, null);
        assertEquals(
                "2", new ComparisonSummary("p", List.of(third)).cells(2, null).get(3));
        ComparisonRow over = new ComparisonRow("p", "partitioned", 0.8, 0.8, 3.5, 10, 1e12, null, null);
        assertEquals(
                "3.5, 1.5 over the budget of 2",
                new ComparisonSummary("p", List.of(over)).cells(2, null).get(3));
    }

    @Test
    void dividesByPlainOnlyWhenEverySeedOfBothReachedTheTarget() {
        ComparisonSummary plain =
                new ComparisonSummary("plain", List.of(row(0.8, 6, 100, 80.0, 8e11), row(0.8, 6, 100, 120.0, 8e11)));
        ComparisonSummary ml =
                new ComparisonSummary("multilevel", List.of(row(0.8, 6, 70, 50.0, 2e11), row(0.8, 6, 70, 70.0, 6e11)));
        List<String> c = ml.cells(6, plain);
        assertEquals("0.60x", c.get(10), "(50 + 70) / (80 + 120)");
        assertEquals("0.50x", c.get(11), "(2e11 + 6e11) / (8e11 + 8e11)");
        ComparisonSummary half =
                new ComparisonSummary("incremental", List.of(row(0.8, 6, 70, 50.0, 2e11), row(0.8, 6, 70, null, null)));
        assertEquals("-", half.cells(6, plain).get(10));
    }

    @Test
    void refusesALineWithoutRuns() {
        assertThrows(IllegalArgumentException.class, () -> new ComparisonSummary("plain", List.of()));
    }
}
