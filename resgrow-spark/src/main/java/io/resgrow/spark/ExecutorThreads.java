package io.resgrow.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * libtorch's intra-op thread count in an executor's JVM: the {@code ai.djl.pytorch.num_threads}
 * property, which libtorch reads once, when the engine loads, and the command line reads as its
 * default.
 */
final class ExecutorThreads {

    /** The property libtorch's engine and the command line read. */
    static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private ExecutorThreads() {}

    /**
     * On an executor (not the driver of a {@code local} master), sets the count to the task's cores
     * unless the JVM was given one: the first task of an executor JVM, before libtorch loads.
     */
    static void forThisTask() {
        boolean executor =
                SparkEnv.get() != null && !"driver".equals(SparkEnv.get().executorId());
        TaskContext tc = TaskContext.get();
        if (executor && tc != null) {
            byDefault(tc.cpus());
        }
    }

    /**
     * Sets the count unless the JVM was given one.
     *
     * @param threads the count, ignored below 1
     */
    static void byDefault(int threads) {
        if (System.getProperty(PROPERTY) == null && threads > 0) {
            System.setProperty(PROPERTY, Integer.toString(threads));
        }
    }
}
