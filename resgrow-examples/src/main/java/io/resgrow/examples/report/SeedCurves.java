package io.resgrow.examples.report;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.report.RunCharts.Axis;
import java.util.ArrayList;
import java.util.List;

/**
 * One strategy's validation curve over several seeds: at the n-th validated epoch, the mean of the
 * seeds' accuracies, drawn at the mean of their x values (epoch, FLOPs or seconds), and the range
 * of the accuracies as a band. An epoch that only some seeds reached (a growth rule stopped the
 * others earlier) is averaged over those that did. A partitioned head taken back to its start counts
 * at its start's accuracy ({@code ComparisonRow.keptValidations}); on the epoch axis, an epoch of one
 * of a partitioned run's K branches counts a K-th, as in the table.
 */
final class SeedCurves {

    private SeedCurves() {}

    /**
     * Returns the mean curve.
     *
     * @param name the curve's name
     * @param axis the x axis
     * @param seeds one report per seed
     * @return the curve
     */
    static Series mean(String name, Axis axis, List<TrainingReport> seeds) {
        double[][] p = points(axis, seeds);
        return new Series(name, p[0], p[1]);
    }

    /**
     * Returns the band between the lowest and the highest seed.
     *
     * @param name the curve's name
     * @param axis the x axis
     * @param seeds one report per seed
     * @return the band
     */
    static Band range(String name, Axis axis, List<TrainingReport> seeds) {
        double[][] p = points(axis, seeds);
        return new Band(name, p[0], p[2], p[3]);
    }

    /** Mean x, mean y, lowest y and highest y at each validated epoch index. */
    private static double[][] points(Axis axis, List<TrainingReport> seeds) {
        // per seed, (x, y) at each validated epoch
        List<List<double[]>> validated = new ArrayList<>();
        int longest = 0;
        for (TrainingReport r : seeds) {
            // epochs of the whole network, as the table counts them: a branch's epoch is a K-th of one
            double[] network = ComparisonRow.cumulativeNetworkEpochs(r.epochs());
            double[] kept = ComparisonRow.keptValidations(r);
            List<double[]> v = new ArrayList<>();
            for (int j = 0; j < network.length; j++) {
                if (!Double.isNaN(kept[j])) {
                    EpochRecord e = r.epochs().get(j);
                    v.add(new double[] {axis == Axis.EPOCHS ? network[j] : axis.value.applyAsDouble(e), kept[j]});
                }
            }
            validated.add(v);
            longest = Math.max(longest, v.size());
        }
        double[][] p = new double[4][longest];
        for (int i = 0; i < longest; i++) {
            double sx = 0;
            double sy = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            int n = 0;
            for (List<double[]> v : validated) {
                if (i < v.size()) {
                    double y = v.get(i)[1];
                    sx += v.get(i)[0];
                    sy += y;
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                    n++;
                }
            }
            p[0][i] = sx / n;
            p[1][i] = sy / n;
            p[2][i] = lo;
            p[3][i] = hi;
        }
        return p;
    }
}
