package io.resgrow.datasets;

import java.nio.file.Path;
import java.util.List;

/** No directory holds the dataset's files; the message names every place looked at. */
public class DatasetNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param dataset the dataset's name
     * @param files the files looked for
     * @param places every directory looked in
     * @param fix how to provide it
     */
    public DatasetNotFoundException(String dataset, List<String> files, List<Path> places, String fix) {
        super(dataset + " not found: looked for " + files + " in " + places + ". Fix: " + fix);
    }
}
