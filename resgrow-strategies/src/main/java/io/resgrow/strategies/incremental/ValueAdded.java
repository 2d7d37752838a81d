package io.resgrow.strategies.incremental;

import io.resgrow.core.history.RecordData;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import java.util.List;
import java.util.Locale;

/**
 * The table of what each sub-network added, read back from a report's {@code value-added} events
 * (so it works for resumed runs and for reports loaded from disk); {@link #toString()} prints it.
 *
 * @param rows one per sub-network, S1 first
 */
public record ValueAdded(List<SubNetworkValue> rows) {

    /** Copies the rows. */
    public ValueAdded {
        rows = List.copyOf(rows);
    }

    /**
     * Reads the table from a report.
     *
     * @param report a report of a {@link LookAheadIncremental} run
     * @return the table (empty for other strategies)
     */
    public static ValueAdded of(TrainingReport report) {
        return of(report.events());
    }

    /**
     * Reads the table from events.
     *
     * @param events a run's events
     * @return the table
     */
    public static ValueAdded of(List<RunEvent> events) {
        return new ValueAdded(events.stream()
                .filter(e -> e.type().equals(LookAheadIncremental.VALUE_ADDED))
                .map(e -> RecordData.read(SubNetworkValue.class, e.data()))
                .toList());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(
                "sub-network  added@epoch  val before  after look-ahead  stage end  gained  params added"
                        + "  MACs/sample added  cumulative FLOPs\n");
        for (SubNetworkValue r : rows) {
            b.append(String.format(
                    Locale.ROOT,
                    "S%-11d %11d  %10s  %16s  %9.4f  %+6.4f  %12d  %17d  %16.3e%n",
                    r.subNetwork(),
                    r.epochAdded(),
                    acc(r.accuracyBefore()),
                    acc(r.accuracyAfterLookAhead()),
                    r.accuracyEnd(),
                    r.accuracyGained(),
                    r.parametersAdded(),
                    r.macsAdded(),
                    r.cumulativeFlops()));
        }
        return b.toString();
    }

    private static String acc(double a) {
        return Double.isNaN(a) ? "-" : String.format(Locale.ROOT, "%.4f", a);
    }
}
