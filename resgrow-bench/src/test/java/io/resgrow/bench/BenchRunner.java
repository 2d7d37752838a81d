package io.resgrow.bench;

import io.resgrow.core.testing.Captured;

/** Runs {@code resgrow-bench} in this JVM and captures its exit code, standard output and error. */
final class BenchRunner {

    private BenchRunner() {}

    /**
     * Runs the benchmark command line.
     *
     * @param args the benchmark and its options
     * @return the result
     */
    static Captured.Result run(String... args) {
        return Captured.run(() -> BenchCommand.execute(args));
    }
}
