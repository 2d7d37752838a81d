package io.resgrow.examples.cli;

import io.resgrow.core.DivergenceException;
import io.resgrow.core.checkpoint.CheckpointLockedException;
import io.resgrow.core.checkpoint.CorruptCheckpointException;
import io.resgrow.core.checkpoint.ResumeMismatchException;
import io.resgrow.datasets.DatasetFormatException;
import io.resgrow.datasets.DatasetNotFoundException;

/**
 * How the command line reports a failure: errors that describe the user's input or situation
 * (invalid settings, corrupt or locked checkpoints, divergence, data faults) by their message
 * alone; anything unexpected with its class and the chain of causes, never as "error: null".
 */
final class ErrorText {

    /** Exit code of a run stopped by divergence. */
    static final int DIVERGED = 3;
    /** Exit code of an error in the user's input or files. */
    static final int INPUT = 2;
    /** Exit code of an unexpected failure. */
    static final int UNEXPECTED = 1;

    private ErrorText() {}

    static boolean isExpected(Throwable e) {
        return e instanceof IllegalArgumentException
                || e instanceof DivergenceException
                || e instanceof CheckpointLockedException
                || e instanceof CorruptCheckpointException
                || e instanceof ResumeMismatchException
                || e instanceof DatasetFormatException
                || e instanceof DatasetNotFoundException;
    }

    static int exitCode(Throwable e) {
        if (e instanceof DivergenceException) {
            return DIVERGED;
        }
        return isExpected(e) ? INPUT : UNEXPECTED;
    }

    static String of(Throwable e) {
        if (isExpected(e)) {
            return e.getMessage();
        }
        StringBuilder b = new StringBuilder(describe(e));
        Throwable seen = e;
        for (Throwable c = e.getCause(); c != null && c != seen; seen = c, c = c.getCause()) {
            b.append("; caused by ").append(describe(c));
        }
        return b.toString();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getName() + (m == null ? "" : ": " + m);
    }
}
