package io.resgrow.core.checkpoint;

import java.nio.file.Path;

/** A checkpoint file is missing, truncated, altered or of another format: it is not loaded. */
public class CorruptCheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param file the faulty file
     * @param fault what is wrong
     */
    public CorruptCheckpointException(Path file, String fault) {
        super("Checkpoint file " + file + " cannot be loaded: " + fault
                + ". Fix: delete that checkpoint directory to resume from the one before it, or"
                + " start without --resume");
    }
}
