package io.resgrow.examples.report;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.Json;
import io.resgrow.core.history.TrainingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a run's {@code report.json}, from the run's directory or the file itself. */
public final class ReportFile {

    /** The report's file name in a run directory. */
    public static final String NAME = "report.json";

    private ReportFile() {}

    /**
     * Reads a report.
     *
     * @param option the option or argument that named it, for errors (e.g. {@code DIR})
     * @param path a run directory holding {@code report.json}, or the file
     * @return the report
     */
    public static TrainingReport read(String option, Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new InvalidSettingException(
                    option,
                    path,
                    "a run directory with " + NAME + " or the file itself",
                    "pass the directory given to train --report");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        TrainingReport r;
        try {
            r = Json.read(text, TrainingReport.class);
        } catch (RuntimeException e) { // Gson's parse errors, or the record's checks on a field it lacks
            r = null;
        }
        if (r == null || r.strategy() == null) {
            throw new InvalidSettingException(
                    option,
                    file,
                    "a report.json written by resgrow train",
                    "pass the report of a finished run; this file is not one");
        }
        return r;
    }
}
