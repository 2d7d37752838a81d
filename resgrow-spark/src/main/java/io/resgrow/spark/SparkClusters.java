package io.resgrow.spark;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.DataRecipe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * Checks of a cluster before any training, each failing with an {@link InvalidSettingException}
 * that names the setting, the value, what is valid and the fix: a master that does not answer, an
 * executor that would run two trainings at once (DJL allows one gradient collector per JVM) or
 * none, data an executor cannot read.
 */
final class SparkClusters {

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?\\])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[(\\d+),(\\d+),(\\d+)\\]");
    private static final int CONNECT_MILLIS = 3000;

    private SparkClusters() {}

    /**
     * The cores of one executor as the master string or the configuration says, 0 if unknown
     * (a standalone master without {@code spark.executor.cores} gives each executor a worker's all).
     */
    static int executorCores(String master, SparkConf conf) {
        Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            String n = local.group(1);
            return n == null ? 1 : "*".equals(n) ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
        }
        Matcher cluster = LOCAL_CLUSTER.matcher(master);
        if (cluster.matches()) {
            return Integer.parseInt(cluster.group(2));
        }
        return conf.getInt("spark.executor.cores", 0);
    }

    /** Executors a master string fixes (local: 1, local-cluster: its N), 0 if the cluster decides. */
    static int executors(String master) {
        if (LOCAL.matcher(master).matches()) {
            return 1;
        }
        Matcher cluster = LOCAL_CLUSTER.matcher(master);
        return cluster.matches() ? Integer.parseInt(cluster.group(1)) : 0;
    }

    /** Refuses a standalone master none of whose addresses accepts a connection. */
    static void checkMaster(String parameter, String master) {
        if (master == null || master.isBlank()) {
            throw new InvalidSettingException(
                    parameter,
                    master,
                    "a Spark master URL: local[1], local-cluster[2,1,1024], spark://host:7077, yarn, k8s://...",
                    "pass the URL of your cluster's master, or local[1] to try it in this process");
        }
        if (!master.startsWith("spark://")) {
            return;
        }
        List<String> tried = new ArrayList<>();
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? address : address.substring(0, colon);
            String port = colon < 0 ? "7077" : address.substring(colon + 1);
            try (Socket s = new Socket()) {
                // a port that is no number is an IllegalArgumentException too
                s.connect(new InetSocketAddress(host, Integer.parseInt(port)), CONNECT_MILLIS);
                return;
            } catch (IOException | IllegalArgumentException e) {
                tried.add(host + ":" + port + " (" + e.getMessage() + ")");
            }
        }
        throw new InvalidSettingException(
                parameter,
                master,
                "a standalone master that answers; no answer within " + CONNECT_MILLIS / 1000 + " s from "
                        + String.join(", ", tried),
                "start the master (sbin/start-master.sh) or correct the host and port (default 7077)");
    }

    /**
     * Checks that the master answers, then starts a Spark context on it with one training per
     * executor ({@code spark.task.cpus} = the executor's cores when the master string or {@code
     * spark.executor.cores} tells them, checked) and libtorch's OpenMP threads passive while they wait.
     */
    static JavaSparkContext context(String parameter, String master, SparkConf conf) {
        checkMaster(parameter, master);
        SparkConf c = (conf == null ? new SparkConf() : conf.clone()).setMaster(master);
        c.setIfMissing("spark.app.name", "resgrow");
        c.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        // a task whose executor died runs again (Spark's default on a cluster, said here): a branch
        // with checkpoints continues from its newest, a compare's run starts over
        c.setIfMissing("spark.task.maxFailures", "4");
        int cores = executorCores(master, c);
        if (cores > 0) {
            c.setIfMissing("spark.task.cpus", Integer.toString(cores));
        }
        checkOneTrainingPerExecutor(master, c);
        return new JavaSparkContext(c);
    }

    /**
     * Refuses a configuration under which an executor would run several trainings at once or none:
     * {@code spark.task.cpus} must equal the executor's cores.
     */
    static void checkOneTrainingPerExecutor(String master, SparkConf conf) {
        int cores = executorCores(master, conf);
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        if (cores > 0 && taskCpus != cores) {
            throw new InvalidSettingException(
                    "spark.task.cpus",
                    taskCpus,
                    "the executor's cores (" + cores + " on " + master + "): each executor runs one training at a"
                            + " time (DJL allows one gradient collector per JVM), "
                            + (taskCpus > cores
                                    ? "and a task that needs more cores than any executor has never runs"
                                    : "")
                            + (taskCpus < cores ? "with libtorch's threads on all its cores" : ""),
                    "set spark.task.cpus=" + cores
                            + ", or leave it to SparkBranchRunner.start or SparkJobRunner.start");
        }
    }

    /**
     * Refuses speculative tasks when the branches checkpoint: a speculative copy of a branch task
     * would train the branch a second time at once, and its run would find the branch's checkpoint
     * directory locked by the first.
     */
    static void checkNoSpeculation(SparkConf conf, boolean checkpoints) {
        if (checkpoints && conf.getBoolean("spark.speculation", false)) {
            throw new InvalidSettingException(
                    "spark.speculation",
                    true,
                    "false when the run has a checkpoint directory: a speculative copy of a branch task would"
                            + " train the branch twice at once in the same branch directory",
                    "set spark.speculation=false (a killed executor's task is retried all the same)");
        }
    }

    /**
     * Makes the data on every executor before any training (and keeps it there for the branches),
     * refusing data that one of them cannot read.
     */
    static void checkData(JavaSparkContext sc, DataRecipe recipe, int tasks) {
        List<String> failures = onExecutors(sc, new DataCheck(recipe), tasks);
        if (!failures.isEmpty()) {
            throw new InvalidSettingException(
                    "data",
                    recipe.describe(),
                    "data that every executor can read; on " + String.join("; ", failures),
                    "put the data at the same path on every machine, or on storage all of them mount");
        }
    }

    /**
     * Runs a check as {@code tasks} tasks (one per executor when there are that many), returning the
     * failures it reported (a check returns the empty string when all is well).
     */
    static List<String> onExecutors(JavaSparkContext sc, Function<Integer, String> check, int tasks) {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < Math.max(1, tasks); i++) {
            slots.add(i);
        }
        List<String> failures =
                new ArrayList<>(sc.parallelize(slots, slots.size()).map(check).collect());
        failures.removeIf(String::isEmpty);
        return failures;
    }
}
