package io.resgrow.examples.cli;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.cluster.JobRunner;
import io.resgrow.core.cluster.JobRunnerProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How {@code compare} trains its runs: one after the other in this process (the first failure stops
 * it), or through a cluster's {@link JobRunner} ({@code --spark}: all sent at once, then each
 * checked, and where it ran printed).
 */
final class CompareJobs {

    private CompareJobs() {}

    /**
     * Trains the runs.
     *
     * @param todo the runs
     * @param runner a runner to use (tests), or null
     * @param provider {@code --spark}'s provider, or null for this process
     * @param master {@code --spark}'s master
     * @param out {@code --out}, checked writable where the runs train
     */
    static void run(List<TrainJob> todo, JobRunner runner, JobRunnerProvider provider, String master, Path out) {
        JobRunner jobs = runner;
        if (jobs == null) {
            jobs = provider == null ? JobRunner.IN_PROCESS : open(provider, master);
        }
        try {
            jobs.checkWritable("--out", out);
            if (jobs == JobRunner.IN_PROCESS) {
                for (TrainJob job : todo) {
                    check(job, jobs.runAll(List.of(job)).get(0), false);
                }
                return;
            }
            List<TrainJob.Done> done = jobs.runAll(todo);
            for (int i = 0; i < todo.size(); i++) {
                check(todo.get(i), done.get(i), true);
            }
        } finally {
            if (runner == null && jobs instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("--spark: stopping Spark failed: " + e);
                }
            }
        }
    }

    /** Opens {@code --spark}'s runner, its errors under {@code --spark}. */
    private static JobRunner open(JobRunnerProvider provider, String master) {
        try {
            return provider.open(master);
        } catch (InvalidSettingException e) {
            throw e.parameter().equals("master") ? e.as("--spark") : e;
        }
    }

    private static void check(TrainJob job, TrainJob.Done d, boolean where) {
        if (d.code() != 0) {
            throw new IllegalStateException("the " + job.label() + " run failed (exit code " + d.code() + " on "
                    + d.where() + "): resgrow " + String.join(" ", job.args()));
        }
        if (where) {
            System.out.printf(Locale.ROOT, "%s: trained on %s in %.1f s%n", job.label(), d.where(), d.seconds());
        }
    }
}
