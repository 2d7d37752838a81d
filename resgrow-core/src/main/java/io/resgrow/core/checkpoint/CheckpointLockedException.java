package io.resgrow.core.checkpoint;

import java.nio.file.Path;

/** Another process (or another run in this one) is writing checkpoints into the same directory. */
public class CheckpointLockedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param dir the directory
     * @param holder who holds it, as written in its lock file
     */
    public CheckpointLockedException(Path dir, String holder) {
        super("Checkpoint directory " + dir + " is in use by " + holder + ". Fix: wait for that run"
                + " to finish (or stop it), or give this run another checkpoint directory");
    }
}
