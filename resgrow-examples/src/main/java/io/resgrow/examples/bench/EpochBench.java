package io.resgrow.examples.bench;

import io.resgrow.core.Check;
import io.resgrow.core.InvalidSettingException;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.strategy.PlainStrategy;
import io.resgrow.datasets.ImageDataset;
import io.resgrow.datasets.augment.Normalize;
import io.resgrow.datasets.augment.RandomFlip;
import io.resgrow.datasets.augment.RandomShift;
import io.resgrow.datasets.split.Subsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host data path against the bare step: alternates, in one JVM, a whole training epoch on
 * Fashion-MNIST as {@code train} runs it (the files read from disk, normalised, augmented with
 * {@code train}'s pad-2 crop and flip, batches prepared by the prefetch thread) with
 * {@link StepBench}'s bare step on synthetic data already in memory, for the same network and
 * batch, and prints each side's training images per second and their ratio ({@code
 * epoch/step}). The epoch's clock runs from before the files are read to the end of its last step,
 * so loading is in it; it has no validation pass. The JVM's JIT warm-up comes first, untimed, as
 * in {@link StepBench}. Each round also prints the epoch's rate against its own median step's: the
 * share of the epoch that went to anything but steady steps (reading, the first steps, waits for
 * a batch), which the machine's drift between the two sides does not blur.
 */
public final class EpochBench {

    private static final int WARMUP = 5;

    /**
     * What to measure.
     *
     * @param dataDir the Fashion-MNIST directory, or null for the default places
     * @param trainImages training images of the epoch (at most the 60,000 of the set)
     * @param net the network (its input must be Fashion-MNIST's 1,28,28)
     * @param batch the batch size
     * @param steps timed steps of each bare-step run
     * @param rounds alternating runs of each side
     * @param warmupSeconds untimed training before the first round (the JVM's JIT warm-up)
     */
    public record Settings(Path dataDir, int trainImages, StepNetwork net, int batch, int steps, int rounds,
            double warmupSeconds) {

        /** Checks the settings. */
        public Settings {
            Check.positive("train-images", trainImages);
            Check.positive("batch", batch);
            Check.positive("steps", steps);
            Check.positive("rounds", rounds);
            Check.nonNegative("warmup-seconds", warmupSeconds);
            if (!Arrays.equals(net.input(), new int[] {1, 28, 28})) {
                throw new InvalidSettingException("input", Arrays.toString(net.input()), "1,28,28 (Fashion-MNIST)",
                        "drop --input: bench epoch trains on Fashion-MNIST's 28x28 grey images");
            }
        }
    }

    private EpochBench() {}

    /**
     * Runs the benchmark.
     *
     * @param s the settings
     * @param out where Fashion-MNIST is loaded through (its loading progress)
     * @return the median of the rounds' epoch / step ratios
     */
    public static double run(Settings s, BenchOutput out) {
        ImageDataset synthetic = s.net().data(s.batch() * (s.steps() + WARMUP));
        Timings.warmUp(s.warmupSeconds(), () -> StepBench.resgrowMedian(s.net().build(), s.net().sample(), s.batch(),
                synthetic, WARMUP, done -> { }));
        double[] epoch = new double[s.rounds()];
        double[] step = new double[s.rounds()];
        for (int round = 0; round < s.rounds(); round++) {
            long t0 = System.nanoTime();
            List<Long> epochSteps = new ArrayList<>();
            long images = epochImages(s, out, epochSteps);
            double seconds = (System.nanoTime() - t0) / 1e9;
            epoch[round] = images / seconds;
            double median = StepBench.resgrowMedian(s.net().build(), s.net().sample(), s.batch(), synthetic, WARMUP,
                    done -> { });
            step[round] = s.batch() * 1000 / median;
            double epochMedian = Timings.medianMillis(epochSteps);
            System.out.println(String.format(Locale.ROOT, "round %d: epoch %d images in %.3f s = %.0f images/s (median step"
                    + " %.2f ms; the epoch's rate / its median step's %.3f), bare step %.2f ms = %.0f images/s,"
                    + " ratio %.3f", round + 1, images, seconds, epoch[round], epochMedian,
                    epoch[round] / (s.batch() * 1000 / epochMedian), median, step[round], epoch[round] / step[round]));
        }
        double median = Timings.median(StepBench.ratios(epoch, step));
        System.out.println(String.format(Locale.ROOT, "resgrow %s batch=%d train_images=%d rounds=%d",
                s.net().describe(), s.batch(), s.trainImages(), s.rounds()));
        System.out.println(String.format(Locale.ROOT, "epoch_images_per_s=%.0f step_images_per_s=%.0f"
                + " (best round each) epoch/step=%.3f median_round_ratio=%.3f", max(epoch), max(step),
                max(epoch) / max(step), median));
        return median;
    }

    /** Reads the files and trains one epoch as {@code train} does; returns the images trained, fills each step's time. */
    private static long epochImages(Settings s, BenchOutput out, List<Long> stepNanos) {
        ImageDataset full = out.fashionMnist(s.dataDir(), true);
        BatchSource train = s.trainImages() >= full.count() ? full
                : Subsets.sample(full, s.trainImages(), 1, true);
        AtomicLong images = new AtomicLong();
        StepBench.sgdRun(s.net().build(), s.net().sample(), s.batch(), train, PlainStrategy.epochs(1), 0, stepNanos,
                        done -> { })
                .preprocess(Normalize.fromData(train))
                .augment(RandomShift.padCrop(2).andThen(new RandomFlip()))
                .listener(new io.resgrow.core.listen.TrainingListener() {
                    @Override
                    public void onStep(StepInfo info) {
                        images.addAndGet(info.samples());
                    }
                })
                .fit();
        return images.get();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
