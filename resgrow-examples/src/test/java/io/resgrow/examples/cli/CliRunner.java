package io.resgrow.examples.cli;

import io.resgrow.core.testing.Captured;

/** Runs the command line in this JVM and captures what it prints. */
final class CliRunner {

    private CliRunner() {}

    static Captured.Result run(String... args) {
        return Captured.run(() -> ResgrowCli.execute(args));
    }
}
