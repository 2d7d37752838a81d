package io.resgrow.examples.report;

import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.report.RunCharts.Axis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code compare.html}: every run's validation accuracy on shared axes (against training
 * FLOPs, wall time and epochs) and a table of final accuracy, time, FLOPs, and time and FLOPs to
 * reach a target accuracy; the charts are embedded and also written as PNG files.
 */
public final class ComparisonPage {

    /** The page's file name. */
    public static final String NAME = "compare.html";

    /** The table's column titles. */
    public static final List<String> COLUMNS = List.of(
            "run",
            "strategy",
            "test accuracy",
            "best validation",
            "seconds",
            "training FLOPs",
            "seconds to target",
            "FLOPs to target");

    private ComparisonPage() {}

    /**
     * Returns the comparison's charts: one per axis, one curve per run; none if no run was
     * validated.
     *
     * @param runs run name to report, in the order to show
     * @return the charts
     */
    public static List<Chart> charts(Map<String, TrainingReport> runs) {
        List<Chart> charts = new ArrayList<>();
        for (Axis axis : List.of(Axis.FLOPS, Axis.SECONDS, Axis.EPOCHS)) {
            List<Series> curves = runs.entrySet().stream()
                    .map(e ->
                            RunCharts.validation(e.getKey(), axis, e.getValue().epochs()))
                    .toList();
            charts.add(new Chart(
                    "compare-" + axis.key + ".png",
                    "Validation accuracy against " + axis.label,
                    axis.label,
                    "validation accuracy",
                    curves,
                    List.of()));
        }
        return charts.stream().filter(Chart::hasData).toList();
    }

    /**
     * Writes the page and its PNGs.
     *
     * @param runs run name to report, in the order to show
     * @param target the validation accuracy the "to target" columns measure
     * @param dir the directory (created if needed)
     * @return the page's path
     */
    public static Path write(Map<String, TrainingReport> runs, double target, Path dir) {
        List<List<String>> rows = runs.entrySet().stream()
                .map(e -> ComparisonRow.of(e.getKey(), e.getValue(), target).cells())
                .toList();
        StringBuilder body = new StringBuilder(
                Html.heading("Result (target validation accuracy " + RunPage.fmt("%.3f", target) + ")"));
        body.append(Html.table(COLUMNS, rows)).append(Html.heading("Curves"));
        return RunPage.write(dir, NAME, "resgrow: strategies compared", body, charts(runs), "", "the comparison");
    }
}
