package io.resgrow.spark;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.cluster.Job;
import io.resgrow.core.cluster.JobRunner;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs independent {@link Job}s (whole trainings: {@code resgrow compare --spark}'s runs, a sweep's
 * settings) as the tasks of one Spark job, one job per task, and returns their results in order.
 * Every executor runs one task at a time ({@code spark.task.cpus} = its cores, checked) and gives
 * libtorch as many intra-op threads as the task has cores unless the job sets its own count, so a
 * training run here gives the parameters it gives in one process with the same thread count. A
 * job whose executor dies is retried by Spark from its start ({@code spark.task.maxFailures}).
 */
public final class SparkJobRunner implements JobRunner, AutoCloseable {

    private final JavaSparkContext sc;
    private final boolean owned;

    private SparkJobRunner(JavaSparkContext sc, boolean owned) {
        this.sc = sc;
        this.owned = owned;
    }

    /**
     * Runs the jobs on a context the caller made (and closes).
     *
     * @param sc the Spark context
     * @return the runner
     */
    public static SparkJobRunner on(JavaSparkContext sc) {
        SparkClusters.checkOneTrainingPerExecutor(sc.master(), sc.getConf());
        return new SparkJobRunner(sc, false);
    }

    /**
     * Checks that the master answers, then starts a Spark context on it with one training per
     * executor; {@link #close} stops it.
     *
     * @param master the master URL, e.g. {@code local[1]}, {@code local-cluster[2,1,1024]}, {@code
     *     spark://host:7077}
     * @param conf further settings (the application's jars, memory), or null
     * @return the runner
     */
    public static SparkJobRunner start(String master, SparkConf conf) {
        return new SparkJobRunner(SparkClusters.context("master", master, conf), true);
    }

    @Override
    public <T extends Serializable> List<T> runAll(List<? extends Job<T>> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<Job<T>> tasks = new ArrayList<>(jobs);
        return sc.parallelize(tasks, tasks.size()).map(new JobCall<T>()).collect();
    }

    /**
     * Refuses a directory that an executor cannot write, checked by writing a file there in as many
     * tasks as the cluster has executors (or cores); Spark places them, so on a large cluster an
     * executor may go unchecked.
     */
    @Override
    public void checkWritable(String parameter, Path dir) {
        int tasks = Math.max(SparkClusters.executors(sc.master()), sc.defaultParallelism());
        List<String> failures = SparkClusters.onExecutors(
                sc, new WriteCheck(dir.toAbsolutePath().toString()), tasks);
        if (!failures.isEmpty()) {
            throw new InvalidSettingException(
                    parameter,
                    dir,
                    "a directory every executor can write (the runs write their reports there and this process"
                            + " reads them); on " + String.join("; ", failures),
                    "give a directory on storage that every machine mounts at the same path");
        }
    }

    @Override
    public void close() {
        if (owned) {
            sc.close();
        }
    }

    @Override
    public String toString() {
        return "Spark " + sc.master();
    }
}
