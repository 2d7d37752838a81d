package io.resgrow.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;

/**
 * A check run as a task on an executor before any training: empty if it passed, else which
 * executor and why not.
 */
abstract class ExecutorCheck implements Function<Integer, String> {

    private static final long serialVersionUID = 1L;

    /**
     * Does the check on this executor.
     *
     * @throws Exception why it failed
     */
    abstract void check() throws Exception;

    @Override
    public final String call(Integer slot) {
        try {
            check();
            return "";
        } catch (Exception e) {
            String executor = SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
            return "executor " + executor + ": " + (e instanceof RuntimeException ? e.getMessage() : e.toString());
        }
    }
}
