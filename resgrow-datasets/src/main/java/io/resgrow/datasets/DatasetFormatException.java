package io.resgrow.datasets;

import java.nio.file.Path;

/**
 * A dataset file is not what its format promises: truncated, wrong magic number, a label out of
 * range, counts that disagree, a header claiming absurd sizes. Raised before any large allocation;
 * no partial data is ever returned.
 */
public class DatasetFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param file the faulty file
     * @param fault what is wrong
     */
    public DatasetFormatException(Path file, String fault) {
        super(file + ": " + fault);
    }
}
