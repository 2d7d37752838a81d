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
        super("Cannot resume from " + checkpoint + ": this run's settings differ from the checkpoint's:\n  - "
                + String.join("\n  - ", differences) + "\nFix: resume with the checkpoint's settings, or"
                + " allow the changes (resumeWithChanges(true), on the command line"
                + " --resume-with-changes); the report then records them");
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
