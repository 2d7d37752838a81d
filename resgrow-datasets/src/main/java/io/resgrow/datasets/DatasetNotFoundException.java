package io.resgrow.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * The dataset's files are not where they were looked for: missing from the directory the user gave
 * (the only place looked in then), or from every place of the search; the message names the
 * places, the files and the fix.
 */
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
        this(dataset + " not found: looked for " + files + " in " + places + ". Fix: " + fix);
    }

    private DatasetNotFoundException(String message) {
        super(message);
    }

    /**
     * Creates the error for a directory the user gave, which is the only place looked in.
     *
     * @param dataset the dataset's name
     * @param dir the given directory
     * @param place the place in it that came closest to holding the dataset (the directory itself,
     *     or a sub-directory the dataset's layout names)
     * @param missing the files that place lacks
     * @param fix how to provide them
     * @return the error
     */
    public static DatasetNotFoundException inGivenDirectory(
            String dataset, Path dir, Path place, List<String> missing, String fix) {
        return new DatasetNotFoundException(dataset + " not found in the given directory " + dir
                + ": missing " + missing + (place.equals(dir) ? "" : " from " + place)
                + " (a given directory is the only place looked in). Fix: " + fix);
    }
}
