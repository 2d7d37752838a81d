package io.resgrow.bench;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.datasets.augment.ChannelNormalize;
import io.resgrow.datasets.split.Subsets;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.strategies.partitioned.PartitionedStrategy;
import io.resgrow.strategies.partitioned.PartitionedTable;
import io.resgrow.strategies.partitioned.StagePlan;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Wong et al.'s MonolithNet comparison in one process, same seed and data (a class-balanced
 * Fashion-MNIST subset, 10% of it for validation, no augmentation so that stage 2 caches the branch
 * features): (p) partitioned training of a MonolithNet of 3 WRN-10-2 branches under a fusion head of
 * 16 units, each branch on its subset ({@code --subset}, the paper's half by default); (e) the same
 * network end to end for {@code --e2e-epochs}, by default as many as (p) ran in all (every
 * branch's stage-1 epochs counted); (o) one branch alone with its head, likewise; (q) as (p) with a
 * longer head stage ({@code --long-head} epochs, cheap with cached features; its epoch count exceeds
 * (e)'s, its compute does not), with inactive branches offloaded in (p). (e) and (o) use
 * SGD (momentum 0.9, weight decay 5e-4) at 0.1, times 0.2 at 30%, 60% and 80%, batch 128. A short
 * probe run measures stage 2 with features recomputed. Step costs are median step times per sample
 * (the stages' batch sizes differ); memory is the resident set size at step ends, the highest seen
 * per phase (the JVM's heap counts in it too); the device memory of stage 1 with offloading is
 * given by accounting ({@link StageMemory}), the CPU having no separate device.
 */
public final class PartitionedBench {

    private PartitionedBench() {}

    /** The knobs. @param dataDir data or null @param trainImages subset @param stageEpochs per stage
     * @param longHead head epochs of run (q), 0 for none @param runs which of q, e, o, probe to run besides p
     * @param subset the fraction of the training part each branch trains on in stage 1
     * @param e2eEpochs epochs of runs e and o, 0 for as many as p ran in all @param seed seed */
    public record Settings(
            Path dataDir,
            int trainImages,
            int[] stageEpochs,
            int longHead,
            Set<String> runs,
            double subset,
            int e2eEpochs,
            long seed) {

        /** Checks the stage epochs, runs, subset and epoch counts. */
        public Settings {
            if (stageEpochs.length != 3 || stageEpochs[0] < 1 || stageEpochs[1] < 1 || stageEpochs[2] < 0) {
                throw new InvalidSettingException(
                        "--stage-epochs",
                        stageEpochs,
                        "three integers: epochs per branch >= 1, of the head >= 1, of fine-tuning >= 0",
                        "write e.g. 4,2,2");
            }
            for (String r : runs) {
                if (!Set.of("p", "q", "e", "o", "probe").contains(r)) {
                    throw new InvalidSettingException(
                            "--runs",
                            String.join(",", runs),
                            "a comma-separated subset of p, q, e, o, probe (p always runs)",
                            "write e.g. p,e,o");
                }
            }
            runs = Set.copyOf(runs);
            try {
                PartitionedStrategy.builder().subsetFraction(subset);
            } catch (InvalidSettingException e) {
                throw e.as("--subset");
            }
            if (e2eEpochs < 0) {
                throw new InvalidSettingException(
                        "--e2e-epochs", e2eEpochs, "an epoch count >= 0 (0: as many as p ran in all)", "write e.g. 8");
            }
            if (longHead < 0) {
                throw new InvalidSettingException(
                        "--long-head",
                        longHead,
                        "head epochs of the second partitioned run, >= 0 (0 skips it)",
                        "write e.g. 20");
            }
        }
    }

    /** The data of every run, and where its report goes. */
    private record Data(
            BatchSource train,
            BatchSource validation,
            BatchSource test,
            ChannelNormalize normalize,
            long seed,
            BenchOutput out) {}

    /**
     * Runs the trainings and prints their figures and the partitioned run's table.
     *
     * @param s the settings
     * @param out progress, and where the runs' reports and their comparison go
     */
    public static void run(Settings s, BenchOutput out) {
        BatchSource fullTrain = out.fashionMnist(s.dataDir(), true);
        BatchSource test = out.fashionMnist(s.dataDir(), false);
        Subsets.Split split = Subsets.split(Subsets.sample(fullTrain, s.trainImages(), s.seed(), true), 0.1, s.seed());
        Data data = new Data(
                split.train(), split.validation(), test, ChannelNormalize.fromData(split.train()), s.seed(), out);
        Data probe = new Data(
                Subsets.sample(split.train(), Math.min(2000, split.train().count()), s.seed(), true),
                split.validation(),
                split.validation(),
                data.normalize(),
                s.seed(),
                out);
        fit("warm-up", false, 3, PlainStrategy.epochs(1), 1, probe, new PhaseMeter());
        int[] e = s.stageEpochs();
        Set<String> runs = s.runs();
        PhaseMeter pm = new PhaseMeter();
        TrainingReport p = fit(
                "p partitioned",
                true,
                3,
                PartitionedStrategy.builder()
                        .stageEpochs(e[0], e[1], e[2])
                        .subsetFraction(s.subset())
                        .offloadInactiveBranches(true)
                        .build(),
                1,
                data,
                pm);
        TrainingReport q = s.longHead() == 0 || !runs.contains("q")
                ? null
                : fit(
                        "q partitioned, head " + s.longHead() + " epochs",
                        true,
                        3,
                        PartitionedStrategy.builder()
                                .stageEpochs(e[0], s.longHead(), e[2])
                                .subsetFraction(s.subset())
                                .build(),
                        1,
                        data,
                        new PhaseMeter());
        int total = s.e2eEpochs() > 0 ? s.e2eEpochs() : p.epochs().size();
        PhaseMeter em = new PhaseMeter();
        TrainingReport end =
                !runs.contains("e") ? null : fit("e end to end", true, 3, PlainStrategy.epochs(total), total, data, em);
        TrainingReport one = !runs.contains("o")
                ? null
                : fit("o one branch", true, 1, PlainStrategy.epochs(total), total, data, new PhaseMeter());
        PhaseMeter rm = new PhaseMeter();
        if (runs.contains("probe")) {
            fit(
                    "recompute probe",
                    false,
                    3,
                    PartitionedStrategy.builder()
                            .stageEpochs(1, 1, 0)
                            .subsetFraction(s.subset())
                            .cacheFeatures(false)
                            .build(),
                    1,
                    probe,
                    rm);
        }
        System.out.printf(
                Locale.ROOT,
                "train=%d validation=%d test=%d total_epochs=%d%n",
                split.train().count(),
                split.validation().count(),
                test.count(),
                total);
        System.out.println("run  epochs  test_acc  seconds  train_GFLOPs");
        for (Object[] r : new Object[][] {{"p", p}, {"q", q}, {"e", end}, {"o", one}}) {
            TrainingReport x = (TrainingReport) r[1];
            if (x != null) {
                System.out.printf(
                        Locale.ROOT,
                        "%-4s %6d  %8.4f  %7.1f  %12.1f%n",
                        r[0],
                        x.epochs().size(),
                        x.testAccuracy(),
                        x.seconds(),
                        x.epochs().get(x.epochs().size() - 1).cumulativeFlops() / 1e9);
            }
        }
        if (end != null) {
            ratios(pm, em, rm);
        } else {
            System.out.println("step and memory ratios need run e (--runs with e)");
        }
        StageMemory.print(3, new Shape(1, 28, 28), 10, 128, 128);
        System.out.print(PartitionedTable.of(p));
        out.compare(null);
    }

    private static void ratios(PhaseMeter pm, PhaseMeter em, PhaseMeter rm) {
        PhaseMeter.Figures e2e = em.phases().values().iterator().next();
        System.out.println("phase              us/sample  ratio_to_e2e  peak_rss_MiB");
        phases("p ", pm.phases(), e2e);
        if (rm.phases().containsKey("head")) {
            phases("probe ", Map.of("head (recomputed)", rm.phases().get("head")), e2e);
        }
        phases("e ", em.phases(), e2e);
        double stage1 = pm.phases().get("branch-1").microsPerSample() / (e2e.microsPerSample() / 3);
        System.out.printf(
                Locale.ROOT, "stage-1 step / (end-to-end step / 3 branches) = %.3f (target <= 1.15)%n", stage1);
        System.out.printf(
                Locale.ROOT,
                "stage-2 cached step / end-to-end step = %.4f (target <= 0.05)%n",
                ratio(pm.phases().get("head"), e2e));
        if (rm.phases().containsKey("head")) {
            System.out.printf(
                    Locale.ROOT,
                    "stage-2 recomputed step / end-to-end step = %.3f (target <= 0.45)%n",
                    ratio(rm.phases().get("head"), e2e));
        }
        System.out.printf(
                Locale.ROOT,
                "stage-1 peak RSS / end-to-end peak RSS = %.3f (measured on the CPU, where"
                        + " the host is the device and offloading moves nothing)%n",
                pm.phases().get("branch-1").peakRssKiB / (double) e2e.peakRssKiB);
    }

    private static double ratio(PhaseMeter.Figures f, PhaseMeter.Figures e2e) {
        return f.microsPerSample() / e2e.microsPerSample();
    }

    private static void phases(String prefix, Map<String, PhaseMeter.Figures> phases, PhaseMeter.Figures e2e) {
        phases.forEach((name, f) -> System.out.printf(
                Locale.ROOT,
                "%-18s %10.1f  %12.4f  %12.1f%n",
                prefix + name,
                f.microsPerSample(),
                ratio(f, e2e),
                f.peakRssKiB / 1024.0));
    }

    /** Trains a MonolithNet of {@code branches}; plain runs decay the rate over {@code epochs}. */
    private static TrainingReport fit(
            String label,
            boolean compared,
            int branches,
            TrainingStrategy strategy,
            int epochs,
            Data d,
            PhaseMeter meter) {
        RunBuilder run = ResGrow.train(new MonolithNet(branches, 10, 2, 16, 1, 10), new Shape(1, 28, 28))
                .on(d.train(), d.validation())
                .test(d.test())
                .strategy(strategy)
                .preprocess(d.normalize())
                .seed(d.seed())
                .listener(meter)
                .quiet();
        if (strategy instanceof PlainStrategy) {
            // the end-to-end baselines: stage 1's settings (PartitionedStrategy has its own per stage)
            run.batchSize(128)
                    .optimizer(
                            NamedSgd.builder().momentum(0.9).weightDecay(5e-4).build())
                    .schedule(new StagePlan(epochs, 0.1, 0.2, new double[] {0.3, 0.6, 0.8}, 128));
        }
        // the probe measures a stage, the warm-up the machine: neither is a compared run
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
