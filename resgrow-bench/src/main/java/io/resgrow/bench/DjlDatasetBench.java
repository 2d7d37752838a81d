package io.resgrow.bench;

import ai.djl.Device;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.check.Check;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.DjlDataset;
import io.resgrow.core.data.EpochOrder;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.datasets.Datasets;
import io.resgrow.datasets.ImageSet;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The same images through resgrow's own loader and through DJL's record interface: Fashion-MNIST's
 * first {@code trainImages} training images as an {@link ImageSet}, and that ImageSet read as a DJL
 * {@code RandomAccessDataset} by {@link DjlDataset#of} (every record through {@code get} and DJL's
 * batchifier once, into host floats). Alternating in one JVM after the JIT warm-up (ABBA: the side
 * that goes first changes every round), each round reads the adapter afresh (timed apart: the
 * one-time cost), trains one plain epoch of the same network with the same seed on each side, and
 * gathers one epoch's batches without training (the data path alone). It prints each side's epoch,
 * the ratio adapter / ImageSet, and whether both trainings ended with the same parameters (the same
 * floats in the same order must train the same network).
 */
public final class DjlDatasetBench {

    /**
     * What to measure.
     *
     * @param data the Fashion-MNIST directory, or null for the default places
     * @param trainImages the first images of the training split
     * @param blocks blocks per stage of the network
     * @param widths channels per stage
     * @param batch the batch size
     * @param rounds alternating rounds
     * @param threads libtorch intra-op threads
     * @param warmupSeconds untimed training before the first round
     * @param seed the seed of both sides
     */
    public record Settings(
            Path data,
            int trainImages,
            int[] blocks,
            int[] widths,
            int batch,
            int rounds,
            int threads,
            double warmupSeconds,
            long seed) {

        /** Checks the settings. */
        public Settings {
            Check.positive("train-images", trainImages);
            Check.positive("batch", batch);
            Check.positive("rounds", rounds);
            Check.positive("threads", threads);
            Check.nonNegative("warmup-seconds", warmupSeconds);
        }
    }

    /** One side's epoch: wall time of fit(), its steps' sum and their waits for batches, the parameters' hash. */
    private record Epoch(double seconds, double steps, double waited, String params) {}

    private DjlDatasetBench() {}

    /**
     * Runs the benchmark.
     *
     * @param s the settings
     * @return the median of the rounds' epoch ratios, adapter / ImageSet
     */
    public static double run(Settings s) {
        return run(s, Datasets.fashionMnist(s.data(), true));
    }

    /**
     * Runs the benchmark on the first images of a given set.
     *
     * @param s the settings ({@code data} unused)
     * @param all the images
     * @return the median of the rounds' epoch ratios, adapter / ImageSet
     */
    static double run(Settings s, ImageSet all) {
        ImageSet images = firstImages(all, s.trainImages());
        long[] chw = images.sampleShape().getShape();
        StepNetwork net = new StepNetwork(
                s.blocks(), s.widths(), new int[] {(int) chw[0], (int) chw[1], (int) chw[2]}, images.classes(), 1.0);
        return StepBench.withThreads(s.threads(), () -> measure(s, images, net));
    }

    private static double measure(Settings s, ImageSet images, StepNetwork net) {
        BatchSource few = images.limit(Math.min(images.count(), s.batch() * 10));
        Timings.warmUp(s.warmupSeconds(), () -> {
            epoch(s, net, few);
            epoch(s, net, DjlDataset.of(images.subDataset(0, few.count())));
        });
        double[] own = new double[s.rounds()];
        double[] djl = new double[s.rounds()];
        double[] read = new double[s.rounds()];
        double[] gather = new double[s.rounds()];
        boolean same = true;
        DjlDataset adapter = null;
        for (int round = 0; round < s.rounds(); round++) {
            adapter = null; // the last round's records may go before this round's are read
            adapter = DjlDataset.of(images);
            read[round] = adapter.readSeconds();
            boolean ownFirst = round % 2 == 0;
            Epoch a = ownFirst ? epoch(s, net, images) : null;
            Epoch b = epoch(s, net, adapter);
            a = ownFirst ? a : epoch(s, net, images);
            own[round] = a.seconds();
            djl[round] = b.seconds();
            same &= a.params().equals(b.params());
            double gatherOwn = gatherSeconds(images, s);
            double gatherDjl = gatherSeconds(adapter, s);
            gather[round] = gatherDjl / gatherOwn;
            System.out.println(String.format(
                    Locale.ROOT,
                    "round %d (%s first): ImageSet epoch %.2f s (steps %.2f s, waiting for batches %.3f s),"
                            + " DjlDataset epoch %.2f s (steps %.2f s, waiting %.3f s), ratio %.3f; one-time read"
                            + " %.2f s (%.0f records/s, %.1f MB held); gathering the epoch's batches alone %.3f s"
                            + " against %.3f s (%.2fx); same parameters %s",
                    round + 1,
                    ownFirst ? "ImageSet" : "DjlDataset",
                    a.seconds(),
                    a.steps(),
                    a.waited(),
                    b.seconds(),
                    b.steps(),
                    b.waited(),
                    djl[round] / own[round],
                    read[round],
                    images.count() / read[round],
                    adapter.hostBytes() / 1e6,
                    gatherDjl,
                    gatherOwn,
                    gather[round],
                    a.params().equals(b.params())));
        }
        double ratio = Timings.median(Timings.ratios(djl, own));
        double[] withRead = new double[s.rounds()];
        for (int i = 0; i < withRead.length; i++) {
            withRead[i] = (djl[i] + read[i]) / own[i];
        }
        System.out.println(String.format(
                Locale.ROOT,
                "resgrow djl-dataset %s batch=%d train=%d threads=%d rounds=%d%n"
                        + "djl_epoch_ratio=%.3f (median of rounds, DjlDataset / ImageSet epoch)"
                        + " with_read_once=%.3f read_s=%.2f host_mb=%.1f (ImageSet %.1f) gather_ratio=%.2f"
                        + " same_params=%s",
                net.describe(),
                s.batch(),
                images.count(),
                s.threads(),
                s.rounds(),
                ratio,
                Timings.median(withRead),
                Timings.median(read),
                adapter.hostBytes() / 1e6,
                images.count() * (images.sampleShape().size() + 4.0) / 1e6,
                Timings.median(gather),
                same));
        return ratio;
    }

    /** The first {@code n} images of a set, as an ImageSet of their own. */
    static ImageSet firstImages(ImageSet all, int n) {
        if (n >= all.count()) {
            return all;
        }
        long[] chw = all.sampleShape().getShape();
        int size = (int) (chw[0] * chw[1] * chw[2]);
        byte[] pixels = new byte[n * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(all.pixels(i), 0, pixels, i * size, size);
            labels[i] = all.label(i);
        }
        return new ImageSet(
                all.name() + "[0," + n + ")", pixels, labels, all.classes(), (int) chw[0], (int) chw[1], (int) chw[2]);
    }

    /** One plain epoch, SGD at a constant rate, the same seed on both sides. */
    private static Epoch epoch(Settings s, StepNetwork net, BatchSource data) {
        long[] steps = new long[2];
        long t0 = System.nanoTime();
        TrainingReport r = ResGrow.train(net.build(), net.sample())
                .on(data)
                .strategy(PlainStrategy.epochs(1))
                .optimizer(NamedSgd.builder().momentum(0.9).weightDecay(5e-4).build())
                .schedule(LrSchedule.constant(0.05))
                .batchSize(s.batch())
                .seed(s.seed())
                .devices(Device.cpu())
                .quiet()
                .listener(new RunListener() {
                    @Override
                    public void onStep(StepInfo info) {
                        steps[0] += info.nanos();
                        steps[1] += info.waitNanos();
                    }
                })
                .fit();
        return new Epoch((System.nanoTime() - t0) / 1e9, steps[0] / 1e9, steps[1] / 1e9, r.paramsSha256());
    }

    /** Gathers every batch of one shuffled epoch, no training. */
    private static double gatherSeconds(BatchSource data, Settings s) {
        int[] order = EpochOrder.permutation(data.count(), s.seed(), 0, 0);
        long t0 = System.nanoTime();
        long sum = 0;
        for (int step = 0; step < EpochOrder.steps(data.count(), s.batch()); step++) {
            sum += data.batch(EpochOrder.slice(order, step, s.batch())).count();
        }
        if (sum == 0) {
            throw new IllegalStateException("no batch gathered");
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
