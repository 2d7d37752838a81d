package io.resgrow.strategies.partitioned;

import io.resgrow.core.schedule.LrSchedule;
import java.util.Arrays;
import java.util.Locale;

/**
 * The settings of one stage of {@link PartitionedStrategy}, which is also the stage's learning
 * rate schedule: {@code learningRate}, multiplied by {@code factor} at each decay point, a fraction
 * of the stage's epochs (so that {@code scaleEpochs} keeps the schedule's shape). A decay point
 * falls on epoch {@code max(1, round(fraction * epochs))}; points at or past the last epoch never
 * act.
 *
 * @param epochs the stage's epochs (per branch in stage 1)
 * @param learningRate the initial rate
 * @param factor the multiplier at each decay point
 * @param decayAt decay points as fractions of the stage in (0, 1)
 * @param batchSize the batch size
 */
public record StagePlan(int epochs, double learningRate, double factor, double[] decayAt, int batchSize)
        implements LrSchedule {

    /** Copies the decay points. */
    public StagePlan {
        decayAt = decayAt.clone();
    }

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        double lr = learningRate;
        for (double f : decayAt) {
            if (epoch >= Math.max(1, Math.round(f * epochs))) {
                lr *= factor;
            }
        }
        return lr;
    }

    StagePlan withEpochs(int n) {
        return new StagePlan(n, learningRate, factor, decayAt, batchSize);
    }

    StagePlan withLearningRate(double lr) {
        return new StagePlan(epochs, lr, factor, decayAt, batchSize);
    }

    StagePlan withDecay(double f, double[] at) {
        return new StagePlan(epochs, learningRate, f, at, batchSize);
    }

    StagePlan withBatchSize(int n) {
        return new StagePlan(epochs, learningRate, factor, decayAt, n);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%d %s, lr %s x%s at %s, batch %d",
                epochs,
                epochs == 1 ? "epoch" : "epochs",
                learningRate,
                factor,
                Arrays.toString(decayAt),
                batchSize);
    }
}
