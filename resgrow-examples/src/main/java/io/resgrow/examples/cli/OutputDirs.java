package io.resgrow.examples.cli;

import io.resgrow.core.check.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before any work, that an output option can hold what a run will write there. */
public final class OutputDirs {

    private OutputDirs() {}

    /**
     * Checks that a path is a writable directory or can be created as one.
     *
     * @param option the option in the command line's spelling, e.g. {@code --report}
     * @param dir its value
     */
    public static void checkWritable(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidSettingException(
                    option,
                    dir,
                    "a directory (this is a file)",
                    "pass a directory; the run writes its files inside it");
        }
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new InvalidSettingException(
                    option,
                    dir,
                    "a directory this user can write",
                    "pass a directory you can write" + (existing == null ? "" : " (" + existing + " is not)"));
        }
        // permissions do not tell everything (/proc, read-only mounts): make it, write in it, and
        // leave no trace (another option may still be refused before any work)
        Path absolute = dir.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
            Files.delete(Files.createTempFile(absolute, ".resgrow-check", ".tmp"));
            for (Path made = absolute; made != null && !made.equals(existing); made = made.getParent()) {
                Files.delete(made);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new InvalidSettingException(
                    option,
                    dir,
                    "a directory this user can create and write",
                    "pass a directory you can write (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /**
     * Checks that a file option names a file that can be written: not a directory, in a directory
     * that can be written (created if missing).
     *
     * @param option the option in the command line's spelling, e.g. {@code --json}
     * @param file its value
     */
    static void checkWritableFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidSettingException(
                    option,
                    file,
                    "a file name (this is a directory)",
                    "pass the path of the file to write, e.g. " + file.resolve("analysis.json"));
        }
        Path parent = file.toAbsolutePath().getParent();
        try {
            checkWritable(option, parent == null ? Path.of(".") : parent);
        } catch (InvalidSettingException e) {
            throw new InvalidSettingException(
                    option,
                    file,
                    "a file in a directory this user can write (" + parent + " is not one)",
                    "pass a path whose directory you can write");
        }
    }
}
