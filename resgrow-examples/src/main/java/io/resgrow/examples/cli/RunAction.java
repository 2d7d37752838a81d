package io.resgrow.examples.cli;

/** What {@code train} or {@code analyze} does with the run its strategy subcommand describes. */
interface RunAction {

    /**
     * Runs it.
     *
     * @param setup the run, not yet checked or prepared
     * @return the exit code
     */
    int run(TrainSetup setup);
}
