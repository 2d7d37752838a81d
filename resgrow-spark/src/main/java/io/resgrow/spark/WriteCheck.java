package io.resgrow.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes and deletes a file in a directory on an executor. */
final class WriteCheck extends ExecutorCheck {

    private static final long serialVersionUID = 1L;

    private final String dir;

    WriteCheck(String dir) {
        this.dir = dir;
    }

    @Override
    void check() throws IOException {
        Path d = Files.createDirectories(Path.of(dir));
        Files.delete(Files.createTempFile(d, ".resgrow-write-check", ".tmp"));
    }
}
