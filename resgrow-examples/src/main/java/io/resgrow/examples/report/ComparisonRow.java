package io.resgrow.examples.report;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run's line in a strategy comparison.
 *
 * @param run the run's name (e.g. the strategy given to {@code compare})
 * @param strategy the strategy's description from its report
 * @param testAccuracy final test accuracy, or null
 * @param bestValidation best validation accuracy, or null
 * @param epochs the epochs the run trained, in epochs of its whole network: the sum of its epoch
 *     records' shares (look-ahead, head and fine-tuning epochs count as one each, a partitioned
 *     run's stage-1 epoch of one of its K branches as 1/K: K branches one epoch each cost one epoch)
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
        double epochs,
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
        double[] kept = keptValidations(report);
        EpochRecord reached = null;
        for (int i = 0; i < kept.length; i++) {
            if (kept[i] >= target) {
                reached = epochs.get(i);
                break;
            }
        }
        return new ComparisonRow(
                run,
                report.strategy(),
                report.testAccuracy(),
                report.bestValidationAccuracy(),
                networkEpochs(epochs),
                report.seconds(),
                report.flops(),
                reached == null ? null : reached.seconds(),
                reached == null ? null : reached.cumulativeFlops());
    }

    /**
     * Counts the epochs of the whole network: each epoch counts its record's {@link
     * EpochRecord#epochShare() share} (1/K for one of K branches trained alone, partitioned's stage
     * 1). Epochs, not samples: a branch on half the data ({@code --subset 0.5}) counts as much as
     * one on all of it. A record without a share (a report written before shares were recorded)
     * counts as those reports were counted: 1/K for a phase named {@code branch-k} among K such
     * phases, 1 for any other.
     *
     * @param epochs the run's epochs
     * @return the count
     */
    static double networkEpochs(List<EpochRecord> epochs) {
        double[] n = cumulativeNetworkEpochs(epochs);
        return n.length == 0 ? 0 : n[n.length - 1];
    }

    /**
     * Counts the epochs of the whole network through each of the run's epochs, as {@link
     * #networkEpochs(List)}.
     *
     * @param epochs the run's epochs
     * @return the count through {@code epochs.get(i)} at {@code i}
     */
    static double[] cumulativeNetworkEpochs(List<EpochRecord> epochs) {
        // K over every record: a run resumed by a newer resgrow has shares only after its resume
        long oldBranches = epochs.stream()
                .map(EpochRecord::phase)
                .filter(ComparisonRow::oldBranchPhase)
                .distinct()
                .count();
        double[] n = new double[epochs.size()];
        double sum = 0;
        for (int i = 0; i < n.length; i++) {
            EpochRecord e = epochs.get(i);
            sum += e.epochShare() != null ? e.epochShare() : oldBranchPhase(e.phase()) ? 1.0 / oldBranches : 1;
            n[i] = sum;
        }
        return n;
    }

    /** Whether a record without a share is a branch trained alone: partitioned named those phases branch-k. */
    private static boolean oldBranchPhase(String phase) {
        return phase != null && phase.startsWith("branch-");
    }

    /**
     * Returns the validation accuracy the run kept after each epoch, in one pass over its events: the
     * epoch's, or, where the run went back to a partitioned head's start right after it ({@code
     * head-kept} with {@code start}), the start's (the epochs record the head as stage 2 trained it,
     * not the start the run kept); NaN for an epoch without validation.
     *
     * @param report the run's report
     * @return the accuracy after {@code report.epochs().get(i)} at {@code i}
     */
    static double[] keptValidations(TrainingReport report) {
        Map<Integer, Double> starts = new HashMap<>();
        for (RunEvent e : report.events()) {
            if (e.type().equals("head-kept")
                    && Boolean.TRUE.equals(e.data().get("start"))
                    && e.data().get("startAccuracy") instanceof Number a) {
                starts.putIfAbsent(e.epoch(), a.doubleValue());
            }
        }
        List<EpochRecord> epochs = report.epochs();
        double[] kept = new double[epochs.size()];
        for (int i = 0; i < kept.length; i++) {
            EpochRecord e = epochs.get(i);
            kept[i] = e.validationAccuracy() == null
                    ? Double.NaN
                    : starts.getOrDefault(e.epoch(), e.validationAccuracy());
        }
        return kept;
    }
}
