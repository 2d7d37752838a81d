package io.resgrow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh JVM (logging is configured once per JVM) runs {@code resgrow train}: by default the
 * output starts with the one-line header and holds none of DJL's INFO lines or CUDA warnings;
 * {@code --verbose} brings the engine's lines back.
 */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EngineLoggingTest {

    private record Output(int code, String out, String err) {}

    private static Output train(Path dir, String... extra) throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.pytorch.num_threads=1",
                "-cp",
                cp,
                ResgrowCli.class.getName(),
                "train",
                "--data",
                "synthetic",
                "--train-limit",
                "100",
                "--epochs",
                "1",
                "--blocks",
                "1,1,1",
                "--widths",
                "4,8,8"));
        cmd.addAll(List.of(extra));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "train did not finish");
        return new Output(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theDefaultOutputIsTheHeaderAndTheRunsOwnLines(@TempDir Path dir) throws Exception {
        Output o = train(dir);
        assertEquals(0, o.code(), o.err());
        assertTrue(
                o.out()
                        .startsWith("device cpu, 1 threads, ResNet blocks 1,1,1 widths 4,8,8, 2,518 parameters,"
                                + " strategy plain(1 epoch)\n"),
                o.out());
        assertFalse(
                o.err().contains("CUDA")
                        || o.err().contains("ai.djl")
                        || o.err().contains("PtEngine"),
                o.err());
        assertTrue(o.err().contains("INFO epoch   1 plain"), "the run's own epoch line stays: " + o.err());
    }

    @Test
    void verboseBringsTheEngineLinesBack(@TempDir Path dir) throws Exception {
        Output o = train(dir, "--verbose");
        assertEquals(0, o.code(), o.err());
        assertTrue(
                o.err().contains("ai.djl.pytorch.engine.PtEngine") || o.err().contains("Number of inter-op threads"),
                o.err());
    }
}
