package io.resgrow.examples.report;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
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
 * @param secondsToTarget wall time when validation accuracy first reached the target, or null: an
 *     epoch's, or a partitioned run's head kept at its start ({@code head-kept}) whose validation
 *     accuracy reached it, at the end of the epoch it follows
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
        EpochRecord reached = null;
        for (EpochRecord e : epochs) {
            if (e.validationAccuracy() != null && e.validationAccuracy() >= target
                    || keptStartReached(report, e.epoch(), target)) {
                reached = e;
                break;
            }
        }
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

    /**
     * Whether, right after epoch {@code epoch}, the run went back to a head start whose validation
     * accuracy reached the target (the epochs record the head as stage 2 trained it, not the start
     * the run kept).
     */
    private static boolean keptStartReached(TrainingReport report, int epoch, double target) {
        for (RunEvent e : report.events()) {
            if (e.type().equals("head-kept")
                    && e.epoch() == epoch
                    && Boolean.TRUE.equals(e.data().get("start"))
                    && e.data().get("startAccuracy") instanceof Number a
                    && a.doubleValue() >= target) {
                return true;
            }
        }
        return false;
    }
}
