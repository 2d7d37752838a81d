package io.resgrow.core.history;

import java.util.Locale;

/**
 * One finished epoch of a run.
 *
 * @param epoch the 1-based epoch number over the whole run
 * @param phase the name of the phase the epoch belongs to
 * @param trainLoss mean training loss over the epoch's steps
 * @param trainAccuracy training accuracy over the epoch (with augmentation, in training mode)
 * @param validationAccuracy validation accuracy after the epoch, or null without validation data
 * @param validationLoss mean validation loss (softmax cross-entropy per sample) after the epoch, or
 *     null without validation data
 * @param learningRate the learning rate of the epoch's last step
 * @param parameters learnable parameters of the network being trained
 * @param macsPerSample MACs per sample of the network being trained
 * @param cumulativeFlops training FLOPs spent by the run up to the end of this epoch
 * @param seconds wall time of the run up to the end of this epoch
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
        double seconds) {

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
                seconds);
    }
}
