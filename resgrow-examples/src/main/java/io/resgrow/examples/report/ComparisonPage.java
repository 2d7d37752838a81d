package io.resgrow.examples.report;

import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.report.RunCharts.Axis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code compare.html}: every run's validation accuracy on shared axes (against training
 * FLOPs, wall time and epochs; with several seeds the mean curve and the seeds' range) and a table
 * of epochs, final accuracy, time, FLOPs, time and FLOPs to reach a target accuracy and those two
 * as a multiple of plain training's; the charts are embedded and also written as PNG files.
 */
public final class ComparisonPage {

    /** The page's file name. */
    public static final String NAME = "compare.html";

    /** The table's column titles. */
    public static final List<String> COLUMNS = List.of(
            "run",
            "strategy",
            "seeds",
            "epochs",
            "test accuracy",
            "best validation",
            "seconds",
            "training FLOPs",
            "seconds to target",
            "FLOPs to target",
            "time to target / plain's",
            "FLOPs to target / plain's");

    /** The line the ratio columns divide by, when the comparison has it. */
    public static final String PLAIN = "plain";

    private ComparisonPage() {}

    /**
     * Returns the comparison's charts: one per axis, one curve per run (the mean over its seeds,
     * their range shaded behind it); none if no run was validated.
     *
     * @param runs line name to its reports (one per seed), in the order to show
     * @return the charts
     */
    public static List<Chart> charts(Map<String, List<TrainingReport>> runs) {
        List<Chart> charts = new ArrayList<>();
        for (Axis axis : List.of(Axis.FLOPS, Axis.SECONDS, Axis.EPOCHS)) {
            List<Series> curves = new ArrayList<>();
            List<Band> bands = new ArrayList<>();
            runs.forEach((name, seeds) -> {
                curves.add(SeedCurves.mean(name, axis, seeds));
                if (seeds.size() > 1) {
                    bands.add(SeedCurves.range(name, axis, seeds));
                }
            });
            boolean several = runs.values().stream().anyMatch(s -> s.size() > 1);
            charts.add(new Chart(
                    "compare-" + axis.key + ".png",
                    "Validation accuracy against " + axis.label + (several ? " (mean over seeds, range shaded)" : ""),
                    axis.label,
                    "validation accuracy",
                    curves,
                    List.of(),
                    bands));
        }
        return charts.stream().filter(Chart::hasData).toList();
    }

    /**
     * Returns the table's lines.
     *
     * @param runs line name to its reports (one per seed)
     * @param targets the validation accuracy the "to target" columns measure, one per seed (a line
     *     with one run per seed measures each against its seed's); a line with another number of
     *     runs (a finished run) is measured against their mean
     * @return the lines, in the map's order
     */
    public static List<ComparisonSummary> lines(Map<String, List<TrainingReport>> runs, List<Double> targets) {
        double mean =
                targets.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        List<ComparisonSummary> lines = new ArrayList<>();
        runs.forEach((name, seeds) -> {
            List<ComparisonRow> rows = new ArrayList<>();
            for (int i = 0; i < seeds.size(); i++) {
                double t = seeds.size() == targets.size() ? targets.get(i) : mean;
                rows.add(ComparisonRow.of(name, seeds.get(i), t));
            }
            lines.add(new ComparisonSummary(name, rows));
        });
        return lines;
    }

    /**
     * Returns the table's rows as cells.
     *
     * @param lines the lines
     * @param budget the epoch budget of the trained runs, or null
     * @param budgeted the lines that were trained under the budget (finished runs were not)
     * @return the rows
     */
    public static List<List<String>> rows(List<ComparisonSummary> lines, Integer budget, Set<String> budgeted) {
        ComparisonSummary plain =
                lines.stream().filter(l -> l.run().equals(PLAIN)).findFirst().orElse(null);
        return lines.stream()
                .map(l -> l.cells(budgeted.contains(l.run()) ? budget : null, plain))
                .toList();
    }

    /**
     * Writes the page of single runs and its PNGs (one seed each, no epoch budget).
     *
     * @param runs run name to report, in the order to show
     * @param target the validation accuracy the "to target" columns measure
     * @param dir the directory (created if needed)
     * @return the page's path
     */
    public static Path write(Map<String, TrainingReport> runs, double target, Path dir) {
        Map<String, List<TrainingReport>> one = new LinkedHashMap<>();
        runs.forEach((name, r) -> one.put(name, List.of(r)));
        return write(one, List.of(target), null, Set.of(), dir);
    }

    /**
     * Writes the page and its PNGs.
     *
     * @param runs line name to its reports (one per seed), in the order to show
     * @param targets the validation accuracy the "to target" columns measure, one per seed (see
     *     {@link #lines})
     * @param budget the epoch budget of the trained runs, or null
     * @param budgeted the lines that were trained under the budget
     * @param dir the directory (created if needed)
     * @return the page's path
     */
    public static Path write(
            Map<String, List<TrainingReport>> runs,
            List<Double> targets,
            Integer budget,
            Set<String> budgeted,
            Path dir) {
        List<List<String>> rows = rows(lines(runs, targets), budget, budgeted);
        StringBuilder body = new StringBuilder(Html.heading("Result (target validation accuracy "
                + String.join(
                        ", ", targets.stream().map(t -> RunPage.fmt("%.3f", t)).toList())
                + (targets.size() > 1 ? " by seed" : "")
                + (budget == null ? "" : ", budget " + budget + " epochs")
                + ")"));
        body.append(Html.table(COLUMNS, rows)).append(Html.heading("Curves"));
        return RunPage.write(dir, NAME, "resgrow: strategies compared", body, charts(runs), "", "the comparison");
    }
}
