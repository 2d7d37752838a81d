package io.resgrow.examples.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.resgrow.core.check.InvalidSettingException;

/**
 * libtorch's intra-op thread count, as {@code --threads} sets it (train, compare, the benches). libtorch keeps
 * OpenMP's count per
 * thread (new threads start from the last count set), so it is set on the thread that then trains.
 * Runs that share the cores go faster with a share each than with all of them each: their OpenMP
 * teams then do not wait at every barrier for a partner the other run has preempted
 * (resgrow-bench/BENCHMARKS.md, "Two runs sharing the cores").
 */
public final class IntraOpThreads {

    private IntraOpThreads() {}

    /**
     * Refuses a count below 1 or above the processors this process may use ({@code taskset},
     * container limits), which would only make the threads wait for each other.
     *
     * @param option the option's spelling
     * @param threads the count asked for
     */
    public static void check(String option, int threads) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads < 1 || threads > cores) {
            throw new InvalidSettingException(
                    option,
                    threads,
                    "1 to " + cores + " (the processors this process may use)",
                    cores == 1
                            ? "use " + option + " 1 or leave it out"
                            : "leave " + option + " out to use all " + cores + " processors, or when several runs"
                                    + " share them give each its part (e.g. " + option + " " + cores / 2
                                    + " for two runs)");
        }
    }

    /**
     * Returns the count a run uses without {@code --threads}: {@code -Dai.djl.pytorch.num_threads}
     * if given, else the processors this process may use.
     *
     * @return the default intra-op thread count
     */
    public static int byDefault() {
        return Integer.getInteger(
                "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
    }

    /**
     * Sets the count for libtorch's work on the calling thread (loading the engine if needed), if it
     * is not that already.
     *
     * @param threads the count, checked already
     */
    public static void set(int threads) {
        // libtorch's set_num_threads also drops oneDNN's cached computations: only on a change
        if (current() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /**
     * Returns the count libtorch uses on the calling thread.
     *
     * @return the intra-op thread count
     */
    public static int current() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }
}
