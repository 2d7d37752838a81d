package io.resgrow.core;

import ai.djl.ndarray.NDArray;

/**
 * The end of one optimizer step, as hooks see it. The epoch's loss sum lives on the device; {@link
 * #lossSum()} reads it to the host once, however many hooks ask.
 */
final class StepEnd {

    private final int phaseEpoch;
    private final int runEpoch;
    private final int done;
    private final int steps;
    private final int samples;
    private final long nanos;
    private final long waitNanos;
    private final NDArray lossSum;
    private final NDArray hits;
    private final long epochSamples;
    private float lossRead = Float.NaN;
    private boolean read;

    StepEnd(
            int phaseEpoch,
            int runEpoch,
            int done,
            int steps,
            int samples,
            long nanos,
            long waitNanos,
            NDArray lossSum,
            NDArray hits,
            long epochSamples) {
        this.phaseEpoch = phaseEpoch;
        this.runEpoch = runEpoch;
        this.done = done;
        this.steps = steps;
        this.samples = samples;
        this.nanos = nanos;
        this.waitNanos = waitNanos;
        this.lossSum = lossSum;
        this.hits = hits;
        this.epochSamples = epochSamples;
    }

    /** The 0-based epoch within the phase. */
    int phaseEpoch() {
        return phaseEpoch;
    }

    /** The 1-based run epoch. */
    int runEpoch() {
        return runEpoch;
    }

    /** The steps of this epoch done, this one included (1-based index of this step). */
    int done() {
        return done;
    }

    /** The steps this epoch runs. */
    int steps() {
        return steps;
    }

    /** The samples of this step. */
    int samples() {
        return samples;
    }

    /** The step's wall time. */
    long nanos() {
        return nanos;
    }

    /** How long the step waited for its batch. */
    long waitNanos() {
        return waitNanos;
    }

    /** The epoch's training loss summed over its steps so far, read from the device once. */
    float lossSum() {
        if (!read) {
            lossRead = lossSum.getFloat();
            read = true;
        }
        return lossRead;
    }

    /** The epoch's loss sum as it stands, for a reader that runs later (a listener's progress line). */
    NDArray lossSumArray() {
        return lossSum;
    }

    /** What a checkpoint records to continue this epoch: loss sum, correct predictions, samples. */
    double[] accumulators() {
        return new double[] {lossSum(), hits.getLong(), epochSamples};
    }
}
