package io.resgrow.core.history;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One finished epoch of a run.
 *
 * @param epoch the 1-based epoch number over the whole run
 * @param phase the name of the phase the epoch belongs to
 * @param trainLoss mean training loss over the epoch's steps
 * @param trainAccuracy training accuracy over the epoch (with augmentation, in training mode)
 * @param validationAccuracy validation accuracy after the epoch, or null without validation data
 * @param validationLoss mean validation loss (the run's loss, per sample) after the epoch, or
 *     null without validation data
 * @param learningRate the learning rate of the epoch's last step
 * @param parameters learnable parameters of the network being trained
 * @param macsPerSample MACs per sample of the network being trained
 * @param cumulativeFlops training FLOPs spent by the run up to the end of this epoch
 * @param seconds wall time of the run up to the end of this epoch
 * @param metrics the run's DJL evaluators after the epoch, keyed {@code train_<name>} (over the
 *     epoch's training batches) and {@code validation_<name>}; empty without evaluators
 * @param epochShare the share of an epoch of the run's whole network this epoch counts for in an
 *     epoch budget, in (0, 1], from its phase ({@link io.resgrow.core.Phase#epochShare()}: {@code
 *     1/K} for one of K branches trained alone); null in a report or checkpoint written before
 *     shares were recorded (a reader that counts epochs decides what such an epoch is)
 */
public record EpochRecord(
        int epoch,
        String phase,
        double trainLoss,
        double trainAccuracy,
        Double validationAccuracy,
        Double validationLoss,
        double learningRate,
        long parameters,
        long macsPerSample,
        double cumulativeFlops,
        double seconds,
        Map<String, Double> metrics,
        Double epochShare) {

    /**
     * Copies the metrics (in their order; null means none) and checks the share.
     *
     * @throws InvalidSettingException if the share is outside (0, 1] (a damaged report, say)
     */
    public EpochRecord {
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        if (epochShare != null) {
            Check.fraction(
                    "epochShare",
                    epochShare,
                    "read a report.json as resgrow wrote it (or one without shares): this record (epoch " + epoch
                            + ") is damaged");
        }
    }

    /**
     * Makes a record of a copy of this epoch under another number and time (a phase trained
     * elsewhere, placed into this run's history).
     *
     * @param runEpoch the epoch's number in this run
     * @param flops this run's training FLOPs through the epoch
     * @param runSeconds this run's wall time through the epoch
     * @return the record
     */
    public EpochRecord renumbered(int runEpoch, double flops, double runSeconds) {
        return new EpochRecord(
                runEpoch,
                phase,
                trainLoss,
                trainAccuracy,
                validationAccuracy,
                validationLoss,
                learningRate,
                parameters,
                macsPerSample,
                flops,
                runSeconds,
                metrics,
                epochShare);
    }

    /**
     * Makes a record without evaluator values.
     *
     * @param epoch the 1-based epoch number over the whole run
     * @param phase the phase's name
     * @param trainLoss mean training loss
     * @param trainAccuracy training accuracy
     * @param validationAccuracy validation accuracy, or null
     * @param validationLoss validation loss, or null
     * @param learningRate the learning rate of the epoch's last step
     * @param parameters learnable parameters
     * @param macsPerSample MACs per sample
     * @param cumulativeFlops training FLOPs so far
     * @param seconds wall time so far
     */
    public EpochRecord(
            int epoch,
            String phase,
            double trainLoss,
            double trainAccuracy,
            Double validationAccuracy,
            Double validationLoss,
            double learningRate,
            long parameters,
            long macsPerSample,
            double cumulativeFlops,
            double seconds) {
        this(
                epoch,
                phase,
                trainLoss,
                trainAccuracy,
                validationAccuracy,
                validationLoss,
                learningRate,
                parameters,
                macsPerSample,
                cumulativeFlops,
                seconds,
                Map.of(),
                1.0);
    }

    @Override
    public String toString() {
        return String.format(
                        Locale.ROOT,
                        "epoch %3d %-14s loss %.4f train %.4f val %s lr %.5f params %,d MACs %,d" + " flops %.3g %.1fs",
                        epoch,
                        phase,
                        trainLoss,
                        trainAccuracy,
                        validationAccuracy == null ? "  -   " : String.format(Locale.ROOT, "%.4f", validationAccuracy),
                        learningRate,
                        parameters,
                        macsPerSample,
                        cumulativeFlops,
                        seconds)
                + Describe.metrics(metrics);
    }
}
