package io.resgrow.core.checkpoint;

import java.nio.file.Path;
import java.util.List;

/** A resume was asked with settings that differ from those of the run that wrote the checkpoint. */
public class ResumeMismatchException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final List<String> differences;

    /**
     * Creates the error.
     *
     * @param checkpoint the checkpoint
     * @param differences one line per differing setting
     */
    public ResumeMismatchException(Path checkpoint, List<String> differences) {
        this(checkpoint, differences, false);
    }

    /**
     * Creates the error.
     *
     * @param checkpoint the checkpoint
     * @param differences one line per differing setting
     * @param networkChanged whether the network differs, which no resume allows
     */
    public ResumeMismatchException(Path checkpoint, List<String> differences, boolean networkChanged) {
        super("Cannot resume from " + checkpoint + ": this run's " + (networkChanged ? "network" : "settings")
                + " differ" + (networkChanged ? "s" : "") + " from the checkpoint's:\n  - "
                + String.join("\n  - ", differences)
                + (networkChanged
                        ? "\nFix: resume with the network (and strategy) the checkpoint was written with, or start"
                                + " a new run in another checkpoint directory; allowing changes"
                                + " (resumeWithChanges, --resume-with-changes) covers settings, never the network"
                        : "\nFix: resume with the checkpoint's settings, or allow the changes"
                                + " (resumeWithChanges(true), on the command line --resume-with-changes); the report"
                                + " then records them"));
        this.differences = List.copyOf(differences);
    }

    /**
     * Returns the differences.
     *
     * @return one line per differing setting
     */
    public List<String> differences() {
        return differences;
    }
}
