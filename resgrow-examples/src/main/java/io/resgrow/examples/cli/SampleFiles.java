package io.resgrow.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled Fashion-MNIST sample as IDX files in a directory, as {@code --data} takes them. */
public final class SampleFiles {

    private SampleFiles() {}

    /**
     * Unpacks the bundled sample's IDX files into a directory.
     *
     * @param dir an existing directory
     * @return dir
     * @throws IOException if a file cannot be written
     */
    public static Path unpack(Path dir) throws IOException {
        for (String f : DataChoice.SAMPLE_FILES) {
            try (InputStream in = SampleFiles.class.getResourceAsStream(DataChoice.SAMPLE_RESOURCE + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir;
    }
}
