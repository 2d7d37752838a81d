package io.resgrow.spark;

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
