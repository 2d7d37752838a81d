package io.resgrow.examples.cli;

import io.resgrow.core.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before any work, that a directory option can hold what a run will write there. */
final class OutputDirs {

    private OutputDirs() {}

    /**
     * Checks that a path is a writable directory or can be created as one.
     *
     * @param option the option in the command line's spelling, e.g. {@code --report}
     * @param dir its value
     */
    static void checkWritable(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidSettingException(option, dir, "a directory (this is a file)",
                    "pass a directory; the run writes its files inside it");
        }
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new InvalidSettingException(option, dir, "a directory this user can write",
                    "pass a directory you can write" + (existing == null ? "" : " (" + existing + " is not)"));
        }
    }
}
