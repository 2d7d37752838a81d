package io.resgrow.bench;

import ai.djl.nn.Block;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.check.Check;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.listen.RunListener;
import io.resgrow.datasets.ImageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The host data path against the bare step: alternates, in one JVM, the first epoch of a run that
 * {@code train} prepares (its data read from disk, its hold-out split, normalisation, augmentation,
 * prefetching and validation pass) with {@link StepBench}'s bare step on synthetic data already in
 * memory, for the same network and batch, and prints each side's training images per second and
 * their ratio ({@code epoch/step}), against the bare step's median and its mean (an epoch's rate is
 * a mean: run the bare step as many steps as the epoch has for a like-for-like second ratio), and
 * the time the epoch's steps waited for their batches. The epoch's clock runs from before the run
 * is prepared (so reading the files is in it) to the end of its first epoch, validation included;
 * the test pass that follows is not timed. Each round also prints the epoch's rate against its own
 * median step's: the share of the epoch that went to anything but steady steps (preparing,
 * validation, the run's setup, the first steps, uneven steps), which the machine's drift between the
 * two sides does not blur. The
 * JVM's JIT warm-up comes first, untimed: one prepared run is read (which also checks the data
 * before any work) and the bare step trains for {@code warmupSeconds}.
 */
public final class EpochBench {

    private static final int WARMUP = 5;

    /**
     * A run {@code train} prepared: the network it trains and its builder, not yet fitted.
     *
     * @param network the network
     * @param run the run's builder
     */
    public record Epoch(Block network, RunBuilder run) {}

    /**
     * What to measure.
     *
     * @param net the bare step's network: the one {@code train} builds for the same options
     * @param batch the batch size of both sides
     * @param steps timed steps of each bare-step run
     * @param rounds alternating runs of each side
     * @param threads libtorch intra-op threads of both sides
     * @param warmupSeconds untimed training before the first round (the JVM's JIT warm-up)
     */
    public record Settings(StepNetwork net, int batch, int steps, int rounds, int threads, double warmupSeconds) {

        /** Checks the settings. */
        public Settings {
            Check.positive("batch", batch);
            Check.positive("steps", steps);
            Check.positive("rounds", rounds);
            Check.positive("threads", threads);
            Check.nonNegative("warmup-seconds", warmupSeconds);
        }
    }

    private EpochBench() {}

    /**
     * Runs the benchmark.
     *
     * @param s the settings
     * @param train prepares {@code train}'s run afresh (reading its data) at every call
     * @return the median of the rounds' epoch / step ratios
     */
    public static double run(Settings s, Supplier<Epoch> train) {
        return StepBench.withThreads(s.threads(), () -> measure(s, train));
    }

    private static double measure(Settings s, Supplier<Epoch> train) {
        // prepared once untimed: the data and train's options are checked before any work
        long trainParams =
                ParameterCount.learnableOfCopy(train.get().network(), s.net().sample());
        long stepParams =
                ParameterCount.learnableOfCopy(s.net().build(), s.net().sample());
        if (trainParams != stepParams) {
            throw new IllegalStateException("train's network has " + trainParams + " parameters, the bare step's "
                    + stepParams + ": they must be the same network");
        }
        ImageSet synthetic = s.net().data(s.batch() * (s.steps() + WARMUP));
        Timings.warmUp(s.warmupSeconds(), () -> bareStep(s, synthetic));
        double[] epoch = new double[s.rounds()];
        double[] step = new double[s.rounds()];
        double[] stepMean = new double[s.rounds()];
        double[] waited = new double[s.rounds()];
        for (int round = 0; round < s.rounds(); round++) {
            Timed t = epoch(train);
            epoch[round] = t.images() / t.seconds();
            waited[round] = t.waited();
            Bare bare = bareStep(s, synthetic);
            step[round] = s.batch() * 1000 / bare.median();
            stepMean[round] = s.batch() * 1000 / bare.mean();
            System.out.println(String.format(
                    Locale.ROOT,
                    "round %d: epoch %d images in %.3f s (preparing %.3f s,"
                            + " validation %.3f s, waiting for batches %.3f s) = %.0f images/s, %.0f without validation"
                            + " (median step %.2f ms; the epoch's rate / its median step's %.3f), bare step median %.2f ms"
                            + " = %.0f images/s, mean %.2f ms = %.0f images/s, ratio %.3f (to the bare mean %.3f)",
                    round + 1,
                    t.images(),
                    t.seconds(),
                    t.preparing(),
                    t.validation(),
                    t.waited(),
                    epoch[round],
                    t.images() / (t.seconds() - t.validation()),
                    t.medianStep(),
                    epoch[round] / (s.batch() * 1000 / t.medianStep()),
                    bare.median(),
                    step[round],
                    bare.mean(),
                    stepMean[round],
                    epoch[round] / step[round],
                    epoch[round] / stepMean[round]));
        }
        double median = Timings.median(Timings.ratios(epoch, step));
        System.out.println(String.format(
                Locale.ROOT,
                "resgrow %s batch=%d params=%d threads=%d rounds=%d",
                s.net().describe(),
                s.batch(),
                stepParams,
                s.threads(),
                s.rounds()));
        System.out.println(String.format(
                Locale.ROOT,
                "epoch_images_per_s=%.0f step_images_per_s=%.0f"
                        + " (median rounds) median_round_ratio=%.3f median_round_ratio_to_mean=%.3f"
                        + " epoch_batch_wait_s=%.3f",
                Timings.median(epoch),
                Timings.median(step),
                median,
                Timings.median(Timings.ratios(epoch, stepMean)),
                Timings.median(waited)));
        return median;
    }

    /** The bare step's median and mean over its timed steps, in ms. */
    record Bare(double median, double mean) {}

    private static Bare bareStep(Settings s, ImageSet synthetic) {
        List<Long> nanos = StepBench.sgdStepNanos(
                s.net().build(), s.net().sample(), s.batch(), synthetic, PlainStrategy.epochs(1), WARMUP, done -> {});
        return new Bare(Timings.medianMillis(nanos), Timings.meanMillis(nanos));
    }

    /**
     * One timed epoch: images trained, seconds in all, of which preparing the run (reading its data,
     * the split, normalisation statistics, the network), validation and the steps' waits for their
     * batches, and the median step.
     */
    record Timed(long images, double seconds, double preparing, double validation, double waited, double medianStep) {}

    /** Prepares train's run (reading its data) and fits it, timing its first epoch. */
    static Timed epoch(Supplier<Epoch> train) {
        long t0 = System.nanoTime();
        Epoch e = train.get();
        long prepared = System.nanoTime();
        FirstEpoch first = new FirstEpoch();
        e.run().listener(first).fit();
        return new Timed(
                first.images,
                (first.end - t0) / 1e9,
                (prepared - t0) / 1e9,
                (first.end - first.lastStepEnd) / 1e9,
                first.waited / 1e9,
                Timings.medianMillis(first.steps));
    }

    /** Records the first epoch's steps, the end of its last step and the end of the epoch (validation done). */
    private static final class FirstEpoch implements RunListener {
        private final List<Long> steps = new ArrayList<>();
        private long images;
        private long waited;
        private long lastStepEnd;
        private long end;

        @Override
        public void onStep(StepInfo info) {
            if (end == 0) {
                steps.add(info.nanos());
                images += info.samples();
                waited += info.waitNanos();
                lastStepEnd = System.nanoTime();
            }
        }

        @Override
        public void onEpoch(EpochRecord record) {
            if (end == 0) {
                end = System.nanoTime();
            }
        }
    }
}
