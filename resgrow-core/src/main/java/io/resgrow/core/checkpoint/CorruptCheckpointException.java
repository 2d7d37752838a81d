package io.resgrow.core.checkpoint;

import java.nio.file.Path;

/** A checkpoint file is missing, truncated, altered or of another format: it is not loaded. */
public class CorruptCheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String fault;

    /**
     * Creates the error for one faulty file (the store then falls back to an older checkpoint).
     *
     * @param file the faulty file
     * @param fault what is wrong
     */
    public CorruptCheckpointException(Path file, String fault) {
        this(file, fault, "the previous checkpoint is used instead when there is one");
    }

    /**
     * Creates the error.
     *
     * @param path the faulty file or directory
     * @param fault what is wrong
     * @param fix how to go on
     */
    public CorruptCheckpointException(Path path, String fault, String fix) {
        super("Checkpoint " + path + " cannot be loaded: " + fault + ". Fix: " + fix);
        this.fault = path.getFileName() + ": " + fault;
    }

    /**
     * Returns what is wrong, with the file's name.
     *
     * @return the fault
     */
    public String fault() {
        return fault;
    }
}
