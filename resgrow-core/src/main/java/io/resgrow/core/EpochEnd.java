package io.resgrow.core;

import io.resgrow.core.history.EpochRecord;
import java.util.Map;

/**
 * The end of one epoch, as hooks see it: its training figures, and the record the recording hook
 * adds for the hooks after it.
 */
final class EpochEnd {

    private final int phaseEpoch;
    private final int runEpoch;
    private final double trainLoss;
    private final double trainAccuracy;
    private final double learningRate;
    private final Map<String, Double> trainMetrics;
    private EpochRecord record;

    EpochEnd(
            int phaseEpoch,
            int runEpoch,
            double trainLoss,
            double trainAccuracy,
            double learningRate,
            Map<String, Double> trainMetrics) {
        this.trainMetrics = trainMetrics;
        this.phaseEpoch = phaseEpoch;
        this.runEpoch = runEpoch;
        this.trainLoss = trainLoss;
        this.trainAccuracy = trainAccuracy;
        this.learningRate = learningRate;
    }

    /** The 0-based epoch within the phase. */
    int phaseEpoch() {
        return phaseEpoch;
    }

    /** The 1-based run epoch. */
    int runEpoch() {
        return runEpoch;
    }

    /** The mean training loss. */
    double trainLoss() {
        return trainLoss;
    }

    /** The training accuracy. */
    double trainAccuracy() {
        return trainAccuracy;
    }

    /** The learning rate of the epoch's last step. */
    double learningRate() {
        return learningRate;
    }

    /** The evaluators over the epoch's training batches, by name. */
    Map<String, Double> trainMetrics() {
        return trainMetrics;
    }

    /** The epoch's record, once the recording hook made it. */
    EpochRecord record() {
        if (record == null) {
            throw new IllegalStateException("the epoch record is read before the hook that makes it ran");
        }
        return record;
    }

    void record(EpochRecord made) {
        this.record = made;
    }
}
