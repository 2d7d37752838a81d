package io.resgrow.core.cluster;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs independent {@link Job}s and returns their results in the jobs' order: one after the other
 * in this process ({@link #IN_PROCESS}), or as tasks of a cluster (resgrow-spark's {@code
 * SparkJobRunner}: one job per task, one task at a time per executor).
 */
public interface JobRunner {

    /** Runs the jobs one after the other in this process. */
    JobRunner IN_PROCESS = new JobRunner() {
        @Override
        public <T extends Serializable> List<T> runAll(List<? extends Job<T>> jobs) {
            List<T> results = new ArrayList<>();
            for (Job<T> j : jobs) {
                results.add(j.call());
            }
            return results;
        }

        @Override
        public String toString() {
            return "in this process";
        }
    };

    /**
     * Runs the jobs and waits for all of them.
     *
     * @param jobs the jobs
     * @param <T> their result
     * @return their results, in the jobs' order
     */
    <T extends Serializable> List<T> runAll(List<? extends Job<T>> jobs);

    /**
     * Refuses, before any job runs, a directory the jobs will write into that some of the runner's
     * processes cannot write; in this process nothing is checked here.
     *
     * @param parameter the caller's name of the directory's setting, for the error
     * @param dir the directory
     */
    default void checkWritable(String parameter, Path dir) {}
}
