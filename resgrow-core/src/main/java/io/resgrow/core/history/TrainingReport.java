package io.resgrow.core.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a run, as plain data: {@link Json#write} turns it into {@code report.json}.
 *
 * @param strategy the strategy's description
 * @param testAccuracy accuracy on the test set, or null if none was given
 * @param seconds wall time of the whole run
 * @param parameters learnable parameters of the final network
 * @param paramsSha256 hash over every parameter's name, shape and values (see {@code ParamsHash})
 * @param epochs every epoch
 * @param events every event
 * @param bestEpoch the epoch of the highest validation accuracy (the first on a tie), or null
 *     without validation
 * @param provenance where the run came from: its settings as a resume compares them (strategy,
 *     network, optimizer, schedule, batch size, seed, data fingerprints, ...), the versions of DJL,
 *     the engine and Java, and what the caller added (the command line, for {@code resgrow train});
 *     empty in reports written before it was recorded
 * @param testMetrics the run's DJL evaluators on the test set, by name (empty without evaluators or
 *     test data)
 */
public record TrainingReport(
        String strategy,
        Double testAccuracy,
        double seconds,
        long parameters,
        String paramsSha256,
        List<EpochRecord> epochs,
        List<RunEvent> events,
        Integer bestEpoch,
        Map<String, String> provenance,
        Map<String, Double> testMetrics) {

    /** Copies the lists, the provenance and the test metrics (in their order). */
    public TrainingReport {
        epochs = List.copyOf(epochs);
        events = List.copyOf(events);
        testMetrics = testMetrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(testMetrics));
        provenance = provenance == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /**
     * Creates a report whose best epoch is read from the epochs.
     *
     * @param strategy the strategy's description
     * @param testAccuracy accuracy on the test set, or null
     * @param seconds wall time of the whole run
     * @param parameters learnable parameters of the final network
     * @param paramsSha256 hash over every parameter
     * @param epochs every epoch
     * @param events every event
     * @param provenance where the run came from
     */
    public TrainingReport(
            String strategy,
            Double testAccuracy,
            double seconds,
            long parameters,
            String paramsSha256,
            List<EpochRecord> epochs,
            List<RunEvent> events,
            Map<String, String> provenance) {
        this(
                strategy,
                testAccuracy,
                seconds,
                parameters,
                paramsSha256,
                epochs,
                events,
                bestEpoch(epochs),
                provenance,
                Map.of());
    }

    /**
     * Creates a report whose best epoch is read from the epochs.
     *
     * @param strategy the strategy's description
     * @param testAccuracy accuracy on the test set, or null
     * @param seconds wall time of the whole run
     * @param parameters learnable parameters of the final network
     * @param paramsSha256 hash over every parameter
     * @param epochs every epoch
     * @param events every event
     */
    public TrainingReport(
            String strategy,
            Double testAccuracy,
            double seconds,
            long parameters,
            String paramsSha256,
            List<EpochRecord> epochs,
            List<RunEvent> events) {
        this(
                strategy,
                testAccuracy,
                seconds,
                parameters,
                paramsSha256,
                epochs,
                events,
                bestEpoch(epochs),
                Map.of(),
                Map.of());
    }

    /**
     * Returns the epoch of the highest validation accuracy, the first one on a tie.
     *
     * @param epochs the epochs
     * @return its number, or null if no epoch was validated
     */
    public static Integer bestEpoch(List<EpochRecord> epochs) {
        EpochRecord best = null;
        for (EpochRecord e : epochs) {
            if (e.validationAccuracy() != null
                    && !e.validationAccuracy().isNaN()
                    && (best == null || e.validationAccuracy() > best.validationAccuracy())) {
                best = e;
            }
        }
        return best == null ? null : best.epoch();
    }

    /**
     * Returns the highest validation accuracy of any epoch.
     *
     * @return the accuracy, or null if no epoch was validated
     */
    public Double bestValidationAccuracy() {
        return epochs.stream()
                .map(EpochRecord::validationAccuracy)
                .filter(Objects::nonNull)
                .max(Double::compare)
                .orElse(null);
    }

    /**
     * Returns the training FLOPs of the whole run (the last epoch's cumulative count).
     *
     * @return the FLOPs, 0 without epochs
     */
    public double flops() {
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).cumulativeFlops();
    }

    /**
     * Writes this report as {@code report.json} into a directory, atomically (a reader never sees
     * half a file), as an ordinary file readable like its neighbours.
     *
     * @param dir the directory (created if needed)
     */
    public void writeJson(Path dir) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("report.json.tmp");
            Files.writeString(tmp, toJson());
            Files.move(
                    tmp,
                    dir.resolve("report.json"),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report.json in " + dir, e);
        }
    }

    /**
     * Returns the report as JSON.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        return Json.write(this);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("TrainingReport ").append(strategy).append('\n');
        for (RunEvent e : events) {
            sb.append("  ").append(e).append('\n');
        }
        for (EpochRecord e : epochs) {
            sb.append("  ").append(e).append('\n');
        }
        sb.append(String.format(
                Locale.ROOT,
                "  test accuracy %s, %.1f s, %,d parameters, sha256 %s",
                testAccuracy == null ? "-" : String.format(Locale.ROOT, "%.4f", testAccuracy),
                seconds,
                parameters,
                paramsSha256));
        if (!testMetrics.isEmpty()) {
            sb.append(", test").append(Describe.metrics(testMetrics));
        }
        return sb.toString();
    }
}
