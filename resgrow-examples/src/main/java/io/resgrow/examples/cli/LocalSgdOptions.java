package io.resgrow.examples.cli;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.cluster.LocalSgdPlan;
import io.resgrow.core.cluster.LocalSgdProvider;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code train plain} and {@code train multilevel} that train them as local SGD on a
 * Spark cluster ({@code --spark}): each of {@code --workers} tasks trains {@code --local-steps} SGD
 * steps on its shard of the data between two averagings; multi-level growth happens on the driver
 * between the cycles.
 */
public final class LocalSgdOptions {

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = "train as local SGD on this Spark master (local[2], spark://host:7077): --workers tasks"
                    + " each train --local-steps steps on their shard between averagings; the data must be where"
                    + " every executor reads it; needs resgrow-spark and Spark on the class path (docs/spark.md)")
    String spark;

    @Option(names = "--workers", description = "with --spark: tasks per round, each on its shard (default 2)")
    Integer workers;

    @Option(
            names = "--local-steps",
            description = "with --spark: SGD steps each worker trains between two averagings (default 10)")
    Integer localSteps;

    /**
     * What a strategy gives local SGD: its stages, its batch size in one process and its decay, as
     * the strategy's defaults set them (plain: the run's SGD; multilevel: its own).
     *
     * @param stages the stages
     * @param batchSize the batch size in one process
     * @param weightDecay the decay
     * @param decayOnlyWeights whether only weights decay
     */
    record Recipe(List<LocalSgdPlan.Stage> stages, int batchSize, double weightDecay, boolean decayOnlyWeights) {}

    /** {@code --spark}'s provider, found by {@link #check}. */
    private LocalSgdProvider provider;

    /**
     * Returns whether the run trains as local SGD.
     *
     * @return true with {@code --spark}
     */
    boolean on() {
        return spark != null;
    }

    /**
     * Checks the options under their own names, and refuses run options local SGD would ignore.
     *
     * @param run the run's options
     */
    void check(RunOptions run) {
        if (spark == null) {
            needsSpark("--workers", workers);
            needsSpark("--local-steps", localSteps);
            return;
        }
        Check.positive("--workers", workers());
        Check.positive("--local-steps", localSteps());
        refuse("--rollbacks", run.rollbacks > 0, run.rollbacks, "checkpoints at every epoch end and --resume");
        refuse(
                "--checkpoint-every-steps",
                run.checkpointEverySteps > 0,
                run.checkpointEverySteps,
                "checkpoints at every epoch end");
        refuse("--resume-with-changes", run.resumeWithChanges, true, "--resume with the same settings");
        refuse("--lr-scale", run.lrScale != 1.0, run.lrScale, "the strategy's own rates (--lr, --eta-max)");
        provider = LocalSgdProvider.find("spark", "--spark", spark);
    }

    int workers() {
        return workers != null ? workers : 2;
    }

    int localSteps() {
        return localSteps != null ? localSteps : 10;
    }

    /**
     * Returns {@code --spark}'s provider.
     *
     * @return the provider found by {@link #check}
     */
    LocalSgdProvider provider() {
        return provider;
    }

    /**
     * Each worker's batch: {@code --batch-size}, or the strategy's batch divided among the workers, so
     * that one averaged step sees as many samples as one step in one process.
     *
     * @param batchSize {@code --batch-size}, or null
     * @param strategyBatch the strategy's batch size in one process
     * @return the batch size
     */
    int batchSize(Integer batchSize, int strategyBatch) {
        return batchSize != null ? batchSize : Math.max(1, (strategyBatch + workers() - 1) / workers());
    }

    /**
     * Names a local-SGD error's setting as the command line spells it.
     *
     * @param e the error from the cluster's provider
     * @return the same error under the option's name
     */
    static InvalidSettingException inCommandLineTerms(InvalidSettingException e) {
        String option = switch (e.parameter()) {
            case "master" -> "--spark";
            case "checkpoints" -> "--checkpoint-dir";
            case "data" -> "--data";
            case "workers" -> "--workers";
            case "stepsPerRound" -> "--local-steps";
            case "batchSize" -> "--batch-size";
            default -> null;
        };
        return option == null ? e : e.as(option);
    }

    private static void needsSpark(String option, Integer value) {
        if (value != null) {
            throw new InvalidSettingException(
                    option,
                    value,
                    option + " together with --spark MASTER (local SGD)",
                    "add --spark with the master to train on, or drop " + option);
        }
    }

    private static void refuse(String option, boolean given, Object value, String instead) {
        if (given) {
            throw new InvalidSettingException(
                    option,
                    value,
                    "no " + option + " with --spark: local SGD has " + instead,
                    "drop " + option + ", or drop --spark to train in this process");
        }
    }
}
