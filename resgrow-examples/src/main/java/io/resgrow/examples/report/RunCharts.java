package io.resgrow.examples.report;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The charts of one run, read from its report: accuracy (train and validation) against epochs,
 * cumulative training FLOPs and wall time (the papers' figures), loss and learning rate, parameters
 * and MACs per sample against epochs, each with the run's growth, phase and branch events marked.
 */
public final class RunCharts {

    /** The event types marked on the charts. */
    public static final Set<String> MARKED =
            Set.of("phase-start", "interpolate", "insert", "growth-stopped", "proxy-dropped", "resume");

    private RunCharts() {}

    /** An x axis of a run's charts. */
    enum Axis {
        EPOCHS("epochs", "epoch", r -> r.epoch()),
        FLOPS("flops", "cumulative training FLOPs", EpochRecord::cumulativeFlops),
        SECONDS("seconds", "wall time (s)", EpochRecord::seconds);

        final String key;
        final String label;
        final ToDoubleFunction<EpochRecord> value;

        Axis(String key, String label, ToDoubleFunction<EpochRecord> value) {
            this.key = key;
            this.label = label;
            this.value = value;
        }

        double[] of(List<EpochRecord> epochs) {
            return epochs.stream().mapToDouble(value).toArray();
        }
    }

    /**
     * Builds the charts of a report; a chart whose curves would be empty is left out.
     *
     * @param report the report
     * @return the charts, accuracy first
     */
    public static List<Chart> of(TrainingReport report) {
        List<EpochRecord> epochs = report.epochs();
        List<Chart> charts = new ArrayList<>();
        for (Axis axis : Axis.values()) {
            charts.add(new Chart(
                    "accuracy-" + axis.key + ".png",
                    "Accuracy against " + axis.label,
                    axis.label,
                    "accuracy",
                    List.of(
                            series("train accuracy", axis, epochs, EpochRecord::trainAccuracy),
                            validation("validation accuracy", axis, epochs)),
                    marks(report, axis)));
        }
        List<Series> losses =
                new ArrayList<>(List.of(series("train loss", Axis.EPOCHS, epochs, EpochRecord::trainLoss)));
        List<EpochRecord> lossValidated =
                epochs.stream().filter(r -> r.validationLoss() != null).toList();
        if (!lossValidated.isEmpty()) {
            // reports written before validation loss was recorded have none
            losses.add(series("validation loss", Axis.EPOCHS, lossValidated, EpochRecord::validationLoss));
        }
        charts.add(new Chart("loss-epochs.png", "Loss", Axis.EPOCHS.label, "loss", losses, marks(report, Axis.EPOCHS)));
        charts.add(perEpoch(
                "lr-epochs.png",
                "Learning rate at each epoch's last step",
                "learning rate",
                report,
                series("learning rate", Axis.EPOCHS, epochs, EpochRecord::learningRate)));
        charts.add(perEpoch(
                "params-epochs.png",
                "Learnable parameters",
                "parameters",
                report,
                series("parameters", Axis.EPOCHS, epochs, r -> r.parameters())));
        charts.add(perEpoch(
                "macs-epochs.png",
                "MACs per sample",
                "MACs per sample",
                report,
                series("MACs per sample", Axis.EPOCHS, epochs, r -> r.macsPerSample())));
        charts.addAll(evaluatorCharts(report));
        return charts.stream().filter(Chart::hasData).toList();
    }

    /** One chart per DJL evaluator the run reported: its training and validation values by epoch. */
    static List<Chart> evaluatorCharts(TrainingReport report) {
        Set<String> names = new LinkedHashSet<>();
        for (EpochRecord e : report.epochs()) {
            for (String key : e.metrics().keySet()) {
                names.add(key.substring(key.indexOf('_') + 1));
            }
        }
        List<Chart> charts = new ArrayList<>();
        for (String name : names) {
            List<Series> curves = new ArrayList<>();
            for (String set : List.of("train", "validation")) {
                String key = set + "_" + name;
                List<EpochRecord> having = report.epochs().stream()
                        .filter(r -> r.metrics().containsKey(key))
                        .toList();
                if (!having.isEmpty()) {
                    curves.add(series(
                            set + " " + name,
                            Axis.EPOCHS,
                            having,
                            r -> r.metrics().get(key)));
                }
            }
            charts.add(new Chart(
                    "metric-" + name.replaceAll("[^A-Za-z0-9_-]", "_") + "-epochs.png",
                    name + " (DJL evaluator)",
                    Axis.EPOCHS.label,
                    name,
                    curves,
                    marks(report, Axis.EPOCHS)));
        }
        return charts;
    }

    /**
     * Returns the validation accuracy curve against an axis (epochs without validation left out).
     *
     * @param name the curve's name
     * @param axis the x axis
     * @param epochs the run's epochs
     * @return the curve
     */
    static Series validation(String name, Axis axis, List<EpochRecord> epochs) {
        List<EpochRecord> validated =
                epochs.stream().filter(r -> r.validationAccuracy() != null).toList();
        return series(name, axis, validated, EpochRecord::validationAccuracy);
    }

    private static Chart perEpoch(String file, String title, String yLabel, TrainingReport report, Series s) {
        return new Chart(file, title, Axis.EPOCHS.label, yLabel, List.of(s), marks(report, Axis.EPOCHS));
    }

    private static Series series(String name, Axis axis, List<EpochRecord> epochs, ToDoubleFunction<EpochRecord> y) {
        return new Series(name, axis.of(epochs), epochs.stream().mapToDouble(y).toArray());
    }

    /**
     * Places the marked events on an axis: an event recorded after {@code n} epochs stands at the
     * n-th epoch's value (0 before the first epoch); events at the same place share one mark.
     *
     * @param report the report
     * @param axis the axis
     * @return the marks
     */
    static List<Mark> marks(TrainingReport report, Axis axis) {
        List<EpochRecord> epochs = report.epochs();
        Map<Double, String> labels = new LinkedHashMap<>();
        report.events().stream()
                .filter(e -> MARKED.contains(e.type()))
                .forEach(e -> labels.merge(
                        at(e, epochs, axis),
                        label(e),
                        (a, b) -> List.of(a.split(", ")).contains(b) ? a : a + ", " + b));
        return labels.entrySet().stream()
                .map(e -> new Mark(e.getKey(), e.getValue()))
                .toList();
    }

    private static double at(RunEvent e, List<EpochRecord> epochs, Axis axis) {
        int n = Math.min(e.epoch(), epochs.size());
        return n == 0 ? 0 : axis.value.applyAsDouble(epochs.get(n - 1));
    }

    private static String label(RunEvent e) {
        return e.type().equals("phase-start") ? e.detail() : e.type();
    }
}
