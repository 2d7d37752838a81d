package io.resgrow.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.optim.NamedRmsProp;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.stop.StoppingRule;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.augment.ChannelNormalize;
import io.resgrow.datasets.augment.RandomFlip;
import io.resgrow.datasets.augment.RandomShift;
import io.resgrow.datasets.split.Subsets;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.strategies.incremental.LookAheadIncremental;
import io.resgrow.strategies.incremental.ValueAdded;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Istrate et al.'s comparison in one process, same seed and data: (b) the full network trained
 * from scratch for a fixed number of epochs, (l) incremental training with look-ahead
 * initialisation and (r) with random initialisation, each allowed up to 1.5x the baseline's epochs
 * and stopped once it reaches the baseline's final validation accuracy. Pre-activation ResNet-20
 * (3-3-3 blocks, widths 16-32-64) in 3 sub-networks, RMSProp (momentum 0.9) at a constant 1e-4,
 * weight decay 1e-4, batch 128, Fashion-MNIST (a class-balanced subset, 10% of it for validation),
 * shift and flip.
 */
public final class IncrementalBench {

    private IncrementalBench() {}

    /** The knobs. @param dataDir data or null @param trainImages subset @param epochs baseline epochs
     * @param window slope window @param gamma slope ratio @param lookAheadEpochs look-ahead
     * @param maxEpochsPerStage stage cap @param seed seed */
    public record Settings(
            Path dataDir,
            int trainImages,
            int epochs,
            int window,
            double gamma,
            int lookAheadEpochs,
            int maxEpochsPerStage,
            long seed) {}

    /**
     * Runs the three trainings and prints their figures and the value-added tables.
     *
     * @param s the settings
     * @param out progress, and where the runs' reports and their comparison go
     */
    public static void run(Settings s, BenchOutput out) {
        ImageSet fullTrain = out.fashionMnist(s.dataDir(), true);
        BatchSource test = out.fashionMnist(s.dataDir(), false);
        Subsets.Split split = Subsets.split(Subsets.sample(fullTrain, s.trainImages(), s.seed(), true), 0.1, s.seed());
        ChannelNormalize normalize = ChannelNormalize.fromData(split.train());
        Data data = new Data(split.train(), split.validation(), test, normalize, s.seed(), out);
        // warm-up, not timed: JIT and libtorch's first-use costs would otherwise land on (b)
        fit(
                "warm-up",
                false,
                resnet20().build(),
                PlainStrategy.epochs(1),
                new Data(
                        Subsets.sample(
                                split.train(), Math.min(1000, split.train().count()), s.seed(), true),
                        split.validation(),
                        split.validation(),
                        normalize,
                        s.seed(),
                        out));
        TrainingReport b = fit("b full network", true, resnet20().build(), PlainStrategy.epochs(s.epochs()), data);
        double target = b.epochs().get(b.epochs().size() - 1).validationAccuracy();
        int cap = (int) Math.ceil(1.5 * s.epochs());
        TrainingReport l = fit(
                "l look-ahead",
                true,
                resnet20().buildGrowing(new Shape(1, 28, 28)),
                incremental(s, LookAheadIncremental.Init.LOOKAHEAD, target, cap),
                data);
        TrainingReport r = fit(
                "r random init",
                true,
                resnet20().buildGrowing(new Shape(1, 28, 28)),
                incremental(s, LookAheadIncremental.Init.RANDOM, target, cap),
                data);
        System.out.printf(
                Locale.ROOT,
                "train=%d validation=%d test=%d baseline_epochs=%d target_validation=%.4f%n",
                split.train().count(),
                split.validation().count(),
                test.count(),
                s.epochs(),
                target);
        System.out.println("run  epochs  test_acc  train_GFLOPs  seconds  reached@epoch  GFLOPs@reach  seconds@reach"
                + "  FLOPs_ratio@reach  time_ratio@reach");
        EpochRecord bEnd = b.epochs().get(b.epochs().size() - 1);
        for (var e : new Object[][] {{"b", b}, {"l", l}, {"r", r}}) {
            TrainingReport x = (TrainingReport) e[1];
            EpochRecord last = x.epochs().get(x.epochs().size() - 1);
            EpochRecord reach = x.epochs().stream()
                    .filter(ep -> ep.validationAccuracy() != null && ep.validationAccuracy() >= target)
                    .findFirst()
                    .orElse(null);
            System.out.printf(
                    Locale.ROOT,
                    "%-4s %6d  %8.4f  %12.1f  %7.1f  %13s  %12s  %13s  %17s  %16s%n",
                    e[0],
                    x.epochs().size(),
                    x.testAccuracy(),
                    last.cumulativeFlops() / 1e9,
                    last.seconds(),
                    reach == null ? "never" : Integer.toString(reach.epoch()),
                    reach == null ? "-" : String.format(Locale.ROOT, "%.1f", reach.cumulativeFlops() / 1e9),
                    reach == null ? "-" : String.format(Locale.ROOT, "%.1f", reach.seconds()),
                    reach == null
                            ? "-"
                            : String.format(Locale.ROOT, "%.3f", reach.cumulativeFlops() / bEnd.cumulativeFlops()),
                    reach == null ? "-" : String.format(Locale.ROOT, "%.3f", reach.seconds() / bEnd.seconds()));
        }
        System.out.println("value added, look-ahead (l):");
        System.out.print(ValueAdded.of(l));
        System.out.println("value added, random init (r):");
        System.out.print(ValueAdded.of(r));
        out.compare(target);
    }

    private static LookAheadIncremental incremental(
            Settings s, LookAheadIncremental.Init init, double target, int cap) {
        StoppingRule reachedOrOut = StoppingRule.targetAccuracy(target).or(p -> p.runEpochs() >= cap);
        return LookAheadIncremental.builder()
                .init(init)
                .window(s.window())
                .gamma(s.gamma())
                .lookAheadEpochs(s.lookAheadEpochs())
                .maxEpochsPerStage(s.maxEpochsPerStage())
                .finalStop(reachedOrOut)
                .learningRate(1e-4)
                .weightDecay(1e-4)
                .batchSize(128)
                .build();
    }

    /** The data of every run, and where its report goes. */
    private record Data(
            BatchSource train,
            BatchSource validation,
            BatchSource test,
            ChannelNormalize normalize,
            long seed,
            BenchOutput out) {}

    /** Pre-activation ResNet-20 on 1x28x28, 10 classes. */
    private static ResNetBuilder resnet20() {
        return new ResNetBuilder()
                .blocks(3, 3, 3)
                .widths(16, 32, 64)
                .inputChannels(1)
                .classes(10);
    }

    private static TrainingReport fit(String label, boolean compared, Block net, TrainingStrategy strategy, Data d) {
        RunBuilder run = ResGrow.train(net, new Shape(1, 28, 28))
                .on(d.train(), d.validation())
                .test(d.test())
                .strategy(strategy)
                .optimizer(
                        NamedRmsProp.builder().momentum(0.9).weightDecay(1e-4).build())
                .schedule(LrSchedule.constant(1e-4))
                .batchSize(128)
                .preprocess(d.normalize())
                .augment(RandomShift.shift(4, 4).andThen(new RandomFlip()))
                .seed(d.seed())
                .quiet();
        TrainingReport r = d.out().fit(label, compared, run);
        System.out.printf(
                Locale.ROOT,
                "%s: epochs=%d test_accuracy=%.4f seconds=%.1f%n",
                label,
                r.epochs().size(),
                r.testAccuracy(),
                r.seconds());
        return r;
    }
}
