package io.resgrow.examples.cli;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every {@code train} and {@code analyze} strategy takes: data, seed, batch size,
 * checkpoints, reports, threads. Checked under their own names before any data is read.
 */
public final class RunOptions {

    @Option(
            names = "--data",
            defaultValue = "sample",
            description = "sample, synthetic, fashion-mnist or a directory (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--train-limit", description = "use only the first N training images")
    Integer trainLimit;

    @Option(names = "--batch-size", description = "batch size (default: the strategy's); with --spark, each worker's")
    Integer batchSize;

    @Option(
            names = "--no-augment",
            description =
                    "train without augmentation (partitioned: stage 2 then computes the" + " branch features once)")
    boolean noAugment;

    @Option(names = "--report", description = "write DIR/report.json")
    Path report;

    @Option(names = "--checkpoint-dir", description = "write checkpoints at every epoch end")
    Path checkpointDir;

    @Option(names = "--resume", description = "continue from the newest valid checkpoint in --checkpoint-dir")
    boolean resume;

    @Option(
            names = "--resume-with-changes",
            description = "allow --resume with settings that differ from the checkpoint's (the report records them)")
    boolean resumeWithChanges;

    @Option(
            names = "--keep-checkpoints",
            defaultValue = "2",
            description = "valid checkpoints to keep (default: ${DEFAULT-VALUE})")
    int keepCheckpoints;

    @Option(
            names = "--checkpoint-every-steps",
            defaultValue = "0",
            description = "also checkpoint every N steps inside an epoch (default: ${DEFAULT-VALUE}, epoch ends only)")
    int checkpointEverySteps;

    @Option(
            names = "--divergence-check",
            defaultValue = "10",
            description = "read the loss every N steps and stop if it is NaN or infinite (default: ${DEFAULT-VALUE})")
    int divergenceCheck;

    @Option(
            names = "--rollbacks",
            defaultValue = "0",
            description = "on divergence, go back to the last checkpoint with a tenth of the learning rate, up to N"
                    + " times (needs --checkpoint-dir; default: ${DEFAULT-VALUE}, stop)")
    int rollbacks;

    @Option(
            names = "--lr-scale",
            defaultValue = "1",
            description = "multiply every learning rate by this factor (a run rolled back k times has 10^-k; pass"
                    + " it to --resume such a run) (default: ${DEFAULT-VALUE})")
    double lrScale;

    @Option(
            names = "--threads",
            description = "libtorch's intra-op threads (default: the processors this process may"
                    + " use); when N runs share the cores, give each 1/N of them")
    Integer threads;

    @Option(
            names = "--quiet",
            description = "no per-epoch log lines and no progress bar (the bar shows only on a" + " terminal anyway)")
    boolean quiet;

    /** Checks the options in their command-line spelling (the writable directories on disk too). */
    void check() {
        check(true);
    }

    /**
     * Checks the options in their command-line spelling.
     *
     * @param here whether the run trains on this machine, so that {@code --threads} is checked against
     *     its processors and the directories against its disk; otherwise only the values themselves
     */
    void check(boolean here) {
        if (threads != null) {
            if (here) {
                IntraOpThreads.check("--threads", threads);
            } else {
                Check.positive("--threads", threads);
            }
        }
        if (batchSize != null) {
            Check.positive("--batch-size", batchSize);
        }
        if (trainLimit != null && trainLimit < 10) {
            throw new InvalidSettingException(
                    "--train-limit", trainLimit, "an integer >= 10", "pass at least 10 training images");
        }
        Check.positive("--divergence-check", divergenceCheck);
        Check.positive("--keep-checkpoints", keepCheckpoints);
        Check.nonNegative("--checkpoint-every-steps", checkpointEverySteps);
        if (resume && checkpointDir == null) {
            throw new InvalidSettingException(
                    "--resume",
                    true,
                    "--resume together with --checkpoint-dir DIR",
                    "add --checkpoint-dir with the directory of the run to continue");
        }
        Check.nonNegative("--rollbacks", rollbacks);
        if (rollbacks > 0 && checkpointDir == null) {
            throw new InvalidSettingException(
                    "--rollbacks",
                    rollbacks,
                    "--rollbacks together with --checkpoint-dir DIR",
                    "add --checkpoint-dir (a rollback goes back to the last checkpoint)");
        }
        Check.positive("--lr-scale", lrScale);
        if (here && report != null) {
            OutputDirs.checkWritable("--report", report);
        }
        if (here && checkpointDir != null) {
            OutputDirs.checkWritable("--checkpoint-dir", checkpointDir);
        }
    }

    /** The run's intra-op thread count: {@code --threads}, or the default. */
    int threadCount() {
        return threads != null ? threads : IntraOpThreads.byDefault();
    }

    /**
     * Returns {@code --report}.
     *
     * @return the report directory, or null
     */
    public Path report() {
        return report;
    }

    /**
     * Returns {@code --seed}.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns {@code --data}.
     *
     * @return the data's name or directory
     */
    public String data() {
        return data;
    }
}
