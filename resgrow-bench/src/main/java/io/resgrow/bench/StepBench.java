package io.resgrow.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.engine.RunEvaluator;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.datasets.ImageSet;
import io.resgrow.examples.cli.IntraOpThreads;
import io.resgrow.examples.cli.ProcessMemory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;

/**
 * Times resgrow's training step (forward, backward, SGD with momentum 0.9 and weight decay 5e-4,
 * learning rate 0.05) through the real training loop of every strategy, batches gathered from host
 * data included, for the ResNet of {@code peers/pytorch_step.py}, and prints the median
 * milliseconds per step after 5 warm-up steps as {@code ms_per_step_median=<x>}, the last line.
 * Before any timed round it trains untimed for {@code warmupSeconds}: the JVM compiles the loop's
 * Java code (and DJL's) during its first seconds, on the core libtorch's second thread wants, which
 * a training of minutes pays once but a timed round of a second would carry whole. With a
 * comparison it alternates resgrow with DJL's own {@code Trainer} (same JVM) or with the PyTorch
 * eager peer (a subprocess), {@code rounds} times each, and prints the ratio of the best medians and
 * the median of the rounds' paired ratios. It also prints training and evaluation images per second
 * and the peak resident memory.
 */
public final class StepBench {

    private static final int WARMUP = 5;

    /**
     * What to measure.
     *
     * @param net the network
     * @param batch the batch size
     * @param steps timed steps per run
     * @param threads libtorch intra-op threads (the peer's {@code --threads})
     * @param rounds alternating runs of each side when comparing
     * @param warmupSeconds untimed training before the first timed round (the JVM's JIT warm-up)
     */
    public record Settings(StepNetwork net, int batch, int steps, int threads, int rounds, double warmupSeconds) {

        /** Checks the settings. */
        public Settings {
            Check.positive("batch", batch);
            Check.positive("steps", steps);
            Check.positive("threads", threads);
            Check.positive("rounds", rounds);
            Check.nonNegative("warmup-seconds", warmupSeconds);
        }
    }

    private StepBench() {}

    /**
     * Runs the benchmark.
     *
     * @param s the settings
     * @param compare {@code none}, {@code djl} or {@code pytorch}
     * @param peer the PyTorch peer script (used with {@code pytorch})
     * @return resgrow's median step in ms (the best round's when comparing)
     */
    public static double run(Settings s, String compare, Path peer) {
        if (!List.of("none", "djl", "pytorch").contains(compare)) {
            throw new InvalidSettingException(
                    "compare",
                    compare,
                    "none, djl or pytorch",
                    "pass --compare pytorch to alternate with the PyTorch eager peer");
        }
        if (compare.equals("pytorch")) {
            PeerStep.check(peer);
        }
        return withThreads(s.threads(), () -> measure(s, compare, peer));
    }

    /**
     * Runs work with libtorch's intra-op thread count set, and sets it back after.
     *
     * @param threads the thread count
     * @param work the work
     * @return what the work returns
     */
    static double withThreads(int threads, DoubleSupplier work) {
        int before = IntraOpThreads.current();
        IntraOpThreads.set(threads);
        try {
            return work.getAsDouble();
        } finally {
            IntraOpThreads.set(before);
        }
    }

    private static double measure(Settings s, String compare, Path peer) {
        ImageSet data = s.net().data(s.batch() * (s.steps() + WARMUP));
        int rounds = compare.equals("none") ? 1 : s.rounds();
        double[] ours = new double[rounds];
        double[] theirs = new double[rounds];
        long params = 0;
        SequentialBlock net = null;
        warmUp(s, compare, data);
        for (int round = 0; round < rounds; round++) {
            net = s.net().build();
            ours[round] = resgrowMedian(net, s, data);
            params = ParameterCount.learnable(net);
            if (compare.equals("djl")) {
                theirs[round] = DjlTrainerStep.medianMillis(
                        s.net().build(), s.net().sample(), data, s.batch(), WARMUP, s.steps());
            } else if (compare.equals("pytorch")) {
                theirs[round] = PeerStep.medianMillis(peer, s.net(), s.batch(), s.steps(), s.threads());
            }
        }
        double best = min(ours);
        System.out.println(String.format(
                Locale.ROOT,
                "resgrow %s batch=%d params=%d threads=%d steps=%d",
                s.net().describe(),
                s.batch(),
                params,
                s.threads(),
                s.steps()));
        if (!compare.equals("none")) {
            String other = compare.equals("djl") ? "djl_trainer" : "pytorch";
            System.out.println(String.format(
                    Locale.ROOT,
                    "runs (alternating, each the median of %d steps):" + " resgrow %s, %s %s",
                    s.steps(),
                    list(ours),
                    other,
                    list(theirs)));
            System.out.println(String.format(
                    Locale.ROOT,
                    "resgrow_step_ms=%.2f %s_step_ms=%.2f resgrow/%s=%.3f"
                            + " (best of %d rounds each) median_round_ratio=%.3f",
                    best,
                    other,
                    min(theirs),
                    compare,
                    best / min(theirs),
                    rounds,
                    Timings.median(Timings.ratios(ours, theirs))));
        }
        double evalRate = evaluationImagesPerSecond(net, data, s.batch());
        System.out.println(String.format(
                Locale.ROOT,
                "train_images_per_s=%.0f eval_images_per_s=%.0f"
                        + " (inference mode, no autograd, batch %d) peak_rss_mib=%d",
                s.batch() * 1000 / best,
                evalRate,
                s.batch(),
                ProcessMemory.peakRssKiB() / 1024));
        System.out.println(String.format(Locale.ROOT, "ms_per_step_median=%.2f", best));
        return best;
    }

    /** Trains untimed, resgrow's loop and (when compared with it) DJL's Trainer in turn. */
    private static void warmUp(Settings s, String compare, ImageSet data) {
        Timings.warmUp(s.warmupSeconds(), () -> {
            resgrowMedian(s.net().build(), s, data);
            if (compare.equals("djl")) {
                DjlTrainerStep.medianMillis(s.net().build(), s.net().sample(), data, s.batch(), WARMUP, s.steps());
            }
        });
    }

    private static double resgrowMedian(SequentialBlock net, Settings s, ImageSet data) {
        return resgrowMedian(net, s.net().sample(), s.batch(), data, WARMUP, done -> {});
    }

    /**
     * Trains {@code net} for one epoch of {@code data} through resgrow's loop and returns the median
     * step time after {@code warmup} steps.
     *
     * @param net the network (not initialised)
     * @param sample one sample's shape
     * @param batch the batch size
     * @param data the data
     * @param warmup untimed steps
     * @param afterStep called after every step with the number of steps done
     * @return the median step in ms
     */
    static double resgrowMedian(
            SequentialBlock net, Shape sample, int batch, ImageSet data, int warmup, IntConsumer afterStep) {
        return sgdMedian(net, sample, batch, data, PlainStrategy.epochs(1), warmup, afterStep);
    }

    /**
     * Trains a network one epoch with a strategy (SGD momentum 0.9, weight decay 5e-4, constant
     * 0.05, on the CPU) and returns the median step after the warm-up.
     *
     * @param net the network
     * @param sample one sample's shape
     * @param batch the batch size
     * @param data the data
     * @param strategy the strategy, e.g. {@code PlainStrategy.epochs(1)}
     * @param warmup untimed steps
     * @param afterStep called after every step with the number of steps done
     * @return the median step in ms
     */
    static double sgdMedian(
            Block net,
            Shape sample,
            int batch,
            ImageSet data,
            TrainingStrategy strategy,
            int warmup,
            IntConsumer afterStep) {
        return Timings.medianMillis(sgdStepNanos(net, sample, batch, data, strategy, warmup, afterStep));
    }

    /**
     * Trains as {@link #sgdMedian} does and returns every step's time after the warm-up.
     *
     * @param net the network
     * @param sample one sample's shape
     * @param batch the batch size
     * @param data the data
     * @param strategy the strategy
     * @param warmup untimed steps
     * @param afterStep called after every step with the number of steps done
     * @return the timed steps' durations in nanoseconds, in step order
     */
    static List<Long> sgdStepNanos(
            Block net,
            Shape sample,
            int batch,
            ImageSet data,
            TrainingStrategy strategy,
            int warmup,
            IntConsumer afterStep) {
        List<Long> nanos = new ArrayList<>();
        sgdRun(net, sample, batch, data, strategy, warmup, nanos, afterStep).fit();
        return nanos;
    }

    /**
     * The run {@link #sgdMedian} fits, not yet fitted: the caller may add preprocessing and
     * augmentation first.
     *
     * @param net the network
     * @param sample one sample's shape
     * @param batch the batch size
     * @param data the training data
     * @param strategy the strategy
     * @param warmup untimed steps
     * @param nanos receives the time of every step after the warm-up
     * @param afterStep called after every step with the number of steps done
     * @return the run's builder
     */
    static RunBuilder sgdRun(
            Block net,
            Shape sample,
            int batch,
            BatchSource data,
            TrainingStrategy strategy,
            int warmup,
            List<Long> nanos,
            IntConsumer afterStep) {
        return ResGrow.train(net, sample)
                .on(data)
                .strategy(strategy)
                .optimizer(NamedSgd.builder().momentum(0.9).weightDecay(5e-4).build())
                .schedule(LrSchedule.constant(0.05))
                .batchSize(batch)
                .devices(Device.cpu())
                .quiet()
                .listener(new RunListener() {
                    @Override
                    public void onStep(StepInfo info) {
                        if (info.step() > warmup) {
                            nanos.add(info.nanos());
                        }
                        afterStep.accept(info.step());
                    }
                });
    }

    /** Evaluates the trained network on the data twice (the first warms up) and returns the second's rate. */
    private static double evaluationImagesPerSecond(SequentialBlock net, ImageSet data, int batch) {
        RunEvaluator.accuracy(net, data, batch, Device.cpu());
        long t0 = System.nanoTime();
        RunEvaluator.accuracy(net, data, batch, Device.cpu());
        return data.count() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static String list(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
        }
        return b.toString();
    }
}
