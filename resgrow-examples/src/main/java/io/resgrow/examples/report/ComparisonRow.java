package io.resgrow.examples.report;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import java.util.List;

/**
 * One run's line in a strategy comparison.
 *
 * @param run the run's name (e.g. the strategy given to {@code compare})
 * @param strategy the strategy's description from its report
 * @param testAccuracy final test accuracy, or null
 * @param bestValidation best validation accuracy, or null
 * @param epochs the epochs the run trained (look-ahead, head and fine-tuning epochs included)
 * @param seconds wall time of the whole run
 * @param flops training FLOPs of the whole run
 * @param secondsToTarget wall time when validation accuracy first reached the target, or null
 * @param flopsToTarget training FLOPs spent by then, or null
 */
public record ComparisonRow(
        String run,
        String strategy,
        Double testAccuracy,
        Double bestValidation,
        int epochs,
        double seconds,
        double flops,
        Double secondsToTarget,
        Double flopsToTarget) {

    /**
     * Reads a run's line from its report.
     *
     * @param run the run's name
     * @param report its report
     * @param target the validation accuracy to reach
     * @return the line
     */
    public static ComparisonRow of(String run, TrainingReport report, double target) {
        List<EpochRecord> epochs = report.epochs();
        EpochRecord reached = epochs.stream()
                .filter(e -> e.validationAccuracy() != null && e.validationAccuracy() >= target)
                .findFirst()
                .orElse(null);
        return new ComparisonRow(
                run,
                report.strategy(),
                report.testAccuracy(),
                report.bestValidationAccuracy(),
                epochs.size(),
                report.seconds(),
                report.flops(),
                reached == null ? null : reached.seconds(),
                reached == null ? null : reached.cumulativeFlops());
    }
}
