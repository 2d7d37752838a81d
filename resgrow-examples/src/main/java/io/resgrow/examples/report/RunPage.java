package io.resgrow.examples.report;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.strategies.incremental.ValueAdded;
import io.resgrow.strategies.partitioned.PartitionedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's {@code report.html} (self-contained: the charts are embedded) and the charts as
 * PNG files beside it: the strategy, the settings, the result, the tables the strategies print,
 * the charts of {@link RunCharts}, the events and the epochs.
 */
public final class RunPage {

    /** The page's file name. */
    public static final String NAME = "report.html";

    private RunPage() {}

    /**
     * Writes the page and the PNGs into a directory.
     *
     * @param report the run's report
     * @param settings the run's settings as the user gave them (may be empty)
     * @param dir the directory (created if needed)
     * @return the page's path
     */
    public static Path write(TrainingReport report, Map<String, String> settings, Path dir) {
        StringBuilder body = new StringBuilder();
        body.append(Html.table(
                List.of(
                        "strategy",
                        "test accuracy",
                        "best validation accuracy",
                        "at epoch",
                        "seconds",
                        "training FLOPs",
                        "parameters"),
                List.of(summary(report))));
        if (!settings.isEmpty()) {
            body.append(Html.heading("Settings"));
            body.append(Html.table(
                    List.of("setting", "value"),
                    settings.entrySet().stream()
                            .map(e -> List.of(e.getKey(), e.getValue()))
                            .toList()));
        }
        ValueAdded added = ValueAdded.of(report);
        if (!added.rows().isEmpty()) {
            body.append(Html.heading("Sub-networks")).append(Html.pre(added.toString()));
        }
        PartitionedTable stages = PartitionedTable.of(report);
        if (!stages.rows().isEmpty()) {
            body.append(Html.heading("Stages")).append(Html.pre(stages.toString()));
        }
        body.append(Html.heading("Charts"));
        String tables = Html.heading("Events")
                + Html.table(
                        List.of("after epoch", "step", "type", "detail"),
                        report.events().stream()
                                .map(e -> List.of(
                                        Integer.toString(e.epoch()), Integer.toString(e.step()), e.type(), e.detail()))
                                .toList())
                + Html.heading("Epochs")
                + Html.table(
                        List.of(
                                "epoch",
                                "phase",
                                "loss",
                                "train acc",
                                "val acc",
                                "val loss",
                                "lr",
                                "parameters",
                                "MACs/sample",
                                "FLOPs",
                                "seconds"),
                        epochRows(report));
        return write(dir, NAME, "resgrow run: " + report.strategy(), body, RunCharts.of(report), tables, "the report");
    }

    /**
     * Writes a page: the charts as PNG files in {@code dir}, and the HTML file with the body, the
     * charts and what follows them.
     *
     * @param dir the directory (made if missing)
     * @param name the HTML file's name
     * @param title the page title
     * @param body the content before the charts
     * @param charts the charts
     * @param after the content after the charts
     * @param what what the page is, for the error
     * @return the page
     */
    static Path write(
            Path dir, String name, String title, StringBuilder body, List<Chart> charts, String after, String what) {
        try {
            Files.createDirectories(dir);
            body.append(ChartPng.writeAll(charts, dir)).append(after);
            Path page = dir.resolve(name);
            Files.writeString(page, Html.page(title, body.toString()));
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + " in " + dir, e);
        }
    }

    private static List<String> summary(TrainingReport r) {
        Double best = r.bestValidationAccuracy();
        // read from the epochs, not the field: reports written before it was recorded lack it
        Integer bestEpoch = TrainingReport.bestEpoch(r.epochs());
        return List.of(
                r.strategy(),
                accuracy(r.testAccuracy()),
                best == null ? "-" : accuracy(best),
                bestEpoch == null ? "-" : Integer.toString(bestEpoch),
                fmt("%.1f", r.seconds()),
                fmt("%.3g", r.flops()),
                fmt("%,d", r.parameters()));
    }

    private static List<List<String>> epochRows(TrainingReport r) {
        List<List<String>> rows = new ArrayList<>();
        for (EpochRecord e : r.epochs()) {
            rows.add(List.of(
                    Integer.toString(e.epoch()),
                    e.phase(),
                    fmt("%.4f", e.trainLoss()),
                    fmt("%.4f", e.trainAccuracy()),
                    accuracy(e.validationAccuracy()),
                    accuracy(e.validationLoss()),
                    fmt("%.5g", e.learningRate()),
                    fmt("%,d", e.parameters()),
                    fmt("%,d", e.macsPerSample()),
                    fmt("%.3g", e.cumulativeFlops()),
                    fmt("%.1f", e.seconds())));
        }
        return rows;
    }

    static String accuracy(Double a) {
        return a == null ? "-" : fmt("%.4f", a);
    }

    static String fmt(String format, Object value) {
        return String.format(Locale.ROOT, format, value);
    }
}
