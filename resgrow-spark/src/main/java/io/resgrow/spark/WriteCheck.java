package io.resgrow.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;

/** A task that writes and deletes a file in a directory on its executor: empty if it could, else where and why not. */
final class WriteCheck implements Function<Integer, String> {

    private static final long serialVersionUID = 1L;

    private final String dir;

    WriteCheck(String dir) {
        this.dir = dir;
    }

    @Override
    public String call(Integer slot) {
        try {
            Path d = Files.createDirectories(Path.of(dir));
            Files.delete(Files.createTempFile(d, ".resgrow-write-check", ".tmp"));
            return "";
        } catch (IOException | RuntimeException e) {
            String executor = SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
            return "executor " + executor + ": " + e;
        }
    }
}
