package io.resgrow.strategies.partitioned;

import io.resgrow.core.history.RecordData;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import java.util.List;
import java.util.Locale;

/**
 * The per-stage and per-branch table of a {@link PartitionedStrategy} run, read back from the
 * report's {@code partitioned-row} events (so it works for resumed runs and for reports loaded
 * from disk); {@link #toString()} prints it, with a total line for stage 1 and the test accuracy.
 *
 * @param rows one per phase: stage 1's branches in order, then the head, then fine-tuning
 * @param testAccuracy the final test accuracy, or null when the run had no test set
 */
public record PartitionedTable(List<StageRow> rows, Double testAccuracy) {

    /** Copies the rows. */
    public PartitionedTable {
        rows = List.copyOf(rows);
    }

    /**
     * Reads the table from a report.
     *
     * @param report a report of a {@link PartitionedStrategy} run
     * @return the table (without rows for other strategies)
     */
    public static PartitionedTable of(TrainingReport report) {
        return of(report.events(), report.testAccuracy());
    }

    /**
     * Reads the table from events.
     *
     * @param events a run's events
     * @param testAccuracy the test accuracy, or null
     * @return the table
     */
    public static PartitionedTable of(List<RunEvent> events, Double testAccuracy) {
        return new PartitionedTable(
                events.stream()
                        .filter(e -> e.type().equals(PartitionedStrategy.ROW))
                        .map(e -> RecordData.read(StageRow.class, e.data()))
                        .toList(),
                testAccuracy);
    }

    /**
     * Returns the rows of one stage.
     *
     * @param stage 1, 2 or 3
     * @return its rows (one per branch in stage 1)
     */
    public List<StageRow> stage(int stage) {
        return rows.stream().filter(r -> r.stage() == stage).toList();
    }

    @Override
    public String toString() {
        StringBuilder b =
                new StringBuilder("stage  part       samples  epochs   seconds         FLOPs  val accuracy\n");
        for (StageRow r : rows) {
            line(b, r.stage(), part(r), r.samples(), r.epochs(), r.seconds(), r.flops(), r.accuracy());
        }
        List<StageRow> first = stage(1);
        if (first.size() > 1) {
            line(
                    b,
                    1,
                    "all",
                    first.stream().mapToInt(StageRow::samples).sum(),
                    first.stream().mapToInt(StageRow::epochs).sum(),
                    first.stream().mapToDouble(StageRow::seconds).sum(),
                    first.stream().mapToDouble(StageRow::flops).sum(),
                    Double.NaN);
        }
        b.append("test accuracy ")
                .append(testAccuracy == null ? "-" : String.format(Locale.ROOT, "%.4f", testAccuracy))
                .append('\n');
        return b.toString();
    }

    private static String part(StageRow r) {
        return switch (r.stage()) {
            case 1 -> "branch " + r.branch();
            case 2 -> "head";
            default -> "network";
        };
    }

    private static void line(
            StringBuilder b,
            int stage,
            String part,
            int samples,
            int epochs,
            double seconds,
            double flops,
            double accuracy) {
        b.append(String.format(
                Locale.ROOT,
                "%-5d  %-9s  %7d  %6d  %8.2f  %12.3e  %12s%n",
                stage,
                part,
                samples,
                epochs,
                seconds,
                flops,
                Double.isNaN(accuracy) ? "-" : String.format(Locale.ROOT, "%.4f", accuracy)));
    }
}
