package io.resgrow.bench;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.augment.ChannelNormalize;
import io.resgrow.datasets.augment.RandomFlip;
import io.resgrow.datasets.augment.RandomShift;
import io.resgrow.datasets.split.Subsets;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.strategies.multilevel.MultiLevelInterpolation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Chang et al.'s comparison in one process, same seed and data: (a) multi-level 2-2-2 -> 4-4-4 ->
 * 8-8-8, (b) the last-cycle network 8-8-8 with the same cyclic learning rate, (c) the first-cycle
 * network 2-2-2 likewise. Fashion-MNIST, a class-balanced training subset and the full test set,
 * batch 100, eta 0.5 to 0.001 per cycle, pad-4 crop and flip. It prints the per-epoch times of
 * (a)'s last cycle beside (b)'s epochs, which train the same network, so that the machine's drift
 * between the runs shows, and the saving corrected for it.
 */
public final class MultiLevelBench {

    private MultiLevelBench() {}

    /**
     * Runs the three trainings and prints errors, times and savings.
     *
     * @param dataDir the Fashion-MNIST directory, or null for the default places
     * @param trainImages training images
     * @param cycles cycle lengths in epochs
     * @param seed the seed
     * @param out progress, and where the runs' reports and their comparison go
     */
    public static void run(Path dataDir, int trainImages, int[] cycles, long seed, BenchOutput out) {
        ImageSet fullTrain = out.fashionMnist(dataDir, true);
        ImageSet test = out.fashionMnist(dataDir, false);
        BatchSource train = Subsets.sample(fullTrain, trainImages, seed, true);
        ChannelNormalize normalize = ChannelNormalize.fromData(train);
        // warm-up, not timed: JIT and libtorch's first-use costs would otherwise land on (a)
        fit(
                "warm-up",
                false,
                new int[] {2, 2, 2},
                true,
                new int[] {1, 1},
                Subsets.sample(train, Math.min(2000, train.count()), seed, true),
                Subsets.sample(test, Math.min(500, test.count()), seed, true),
                normalize,
                seed,
                out);
        TrainingReport a =
                fit("a multilevel", true, new int[] {2, 2, 2}, true, cycles, train, test, normalize, seed, out);
        TrainingReport b = fit("b 8-8-8", true, new int[] {8, 8, 8}, false, cycles, train, test, normalize, seed, out);
        TrainingReport c = fit("c 2-2-2", true, new int[] {2, 2, 2}, false, cycles, train, test, normalize, seed, out);
        System.out.println(String.format(
                Locale.ROOT,
                "cycles=%s train=%d test=%d%n"
                        + "(a) multilevel 2-2-2->4-4-4->8-8-8: test_error=%.2f%% seconds=%.1f%n"
                        + "(b) fixed 8-8-8:                    test_error=%.2f%% seconds=%.1f%n"
                        + "(c) fixed 2-2-2:                    test_error=%.2f%% seconds=%.1f%n"
                        + "saving of (a) vs (b): measured %.1f%% (a/b = %.2f), theoretical %.1f%%",
                Arrays.toString(cycles),
                train.count(),
                test.count(),
                100 * (1 - a.testAccuracy()),
                a.seconds(),
                100 * (1 - b.testAccuracy()),
                b.seconds(),
                100 * (1 - c.testAccuracy()),
                c.seconds(),
                100 * (1 - a.seconds() / b.seconds()),
                a.seconds() / b.seconds(),
                100 * MultiLevelInterpolation.theoreticalSaving(cycles)));
        printDrift(a, b, cycles);
        out.compare(null);
    }

    /**
     * Prints (a)'s last-cycle epochs against (b)'s (both train 8-8-8) and the saving corrected for
     * the machine's drift between the two runs.
     */
    private static void printDrift(TrainingReport a, TrainingReport b, int[] cycles) {
        double[] aLast = EpochTimes.last(EpochTimes.of(a.epochs()), cycles[cycles.length - 1]);
        double[] bAll = EpochTimes.of(b.epochs());
        double drift = EpochTimes.median(aLast) / EpochTimes.median(bAll);
        double aTrain = a.epochs().get(a.epochs().size() - 1).seconds();
        double bTrain = b.epochs().get(b.epochs().size() - 1).seconds();
        double corrected = EpochTimes.correctedSaving(aTrain, bTrain, drift);
        double theoretical = MultiLevelInterpolation.theoreticalSaving(cycles);
        System.out.println(String.format(
                Locale.ROOT,
                "epoch seconds: (a) last cycle (8-8-8) %s; (b) 8-8-8 %s%n"
                        + "drift (a's last-cycle median epoch / b's) = %.3f; training-time saving measured %.1f%%,"
                        + " corrected for drift %.1f%%, theoretical %.1f%% (difference %.1f points)",
                seconds(aLast),
                seconds(bAll),
                drift,
                100 * (1 - aTrain / bTrain),
                100 * corrected,
                100 * theoretical,
                100 * (corrected - theoretical)));
    }

    private static String seconds(double[] values) {
        return Arrays.stream(values)
                .mapToObj(v -> String.format(Locale.ROOT, "%.1f", v))
                .collect(Collectors.joining(" ", "[", "]"));
    }

    private static TrainingReport fit(
            String label,
            boolean compared,
            int[] blocks,
            boolean grow,
            int[] cycles,
            BatchSource train,
            BatchSource test,
            ChannelNormalize normalize,
            long seed,
            BenchOutput out) {
        TrainingStrategy strategy = MultiLevelInterpolation.builder()
                .cycleLengths(cycles)
                .eta(0.5, 0.001)
                .batchSize(100)
                .grow(grow)
                .build();
        RunBuilder run = ResGrow.train(
                        new ResNetBuilder().blocks(blocks).inputChannels(1).build(), new Shape(1, 28, 28))
                .on(train)
                .test(test)
                .strategy(strategy)
                .preprocess(normalize)
                .augment(RandomShift.padCrop(4).andThen(new RandomFlip()))
                .seed(seed);
        TrainingReport r = out.fit(label, compared, run);
        String cycleSeconds = r.events().stream()
                .filter(e -> e.type().equals("phase-end"))
                .map(e -> String.format(Locale.ROOT, "%.1f", ((Number) e.data().get("seconds")).doubleValue()))
                .collect(Collectors.joining(", "));
        System.out.println(String.format(
                Locale.ROOT,
                "%s: test_accuracy=%.4f seconds=%.1f training=%.1f cycles=[%s]",
                label,
                r.testAccuracy(),
                r.seconds(),
                r.epochs().get(r.epochs().size() - 1).seconds(),
                cycleSeconds));
        return r;
    }
}
