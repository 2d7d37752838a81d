package io.resgrow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.listen.RunListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's progress bar: what it draws for steps, passes and files, and when it stays quiet. */
class TerminalProgressTest {

    private static RunListener.StepInfo step(int i, int n) {
        return new RunListener.StepInfo("plain", 2, i, n, 100, 50_000_000L, 0L, () -> 0.25);
    }

    private static String drawn(boolean enabled, Consumer<TerminalProgress> use) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        use.accept(new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), enabled));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void drawsPhaseEpochStepLossThroughputAndTimeLeft() {
        String out = drawn(true, bar -> {
            for (int i = 1; i <= 4; i++) {
                bar.onStep(step(i, 4));
            }
        });
        assertTrue(out.contains("plain epoch 2 [========================] 4/4 loss 0.2500 2000 img/s, 0s left"), out);
        assertTrue(out.endsWith(System.lineSeparator()), "a finished epoch ends its line: " + out);
    }

    @Test
    void drawsEvaluationPassesAndFiles() {
        String out = drawn(true, bar -> {
            bar.onEvaluation(new RunListener.EvaluationInfo("validation", "plain", 3, 500, 500, 250_000_000L));
            bar.onEvaluation(new RunListener.EvaluationInfo("test", "end", 3, 1000, 1000, 500_000_000L));
            bar.read("train-images-idx3-ubyte.gz", 0, 2_000_000);
            bar.read("train-images-idx3-ubyte.gz", 2_000_000, 2_000_000);
            bar.read("train-labels-idx1-ubyte.gz", 29_515, 29_515);
        });
        assertTrue(out.contains("validation epoch 3 [") && out.contains("] 500/500 img 2000 img/s, 0s left"), out);
        assertTrue(out.contains("\rtest [") && out.contains("1000/1000 img 2000 img/s"), out);
        assertTrue(out.contains("loading train-images-idx3-ubyte.gz [") && out.contains("2.0/2.0 MB"), out);
        assertTrue(out.contains("loading train-labels-idx1-ubyte.gz [") && out.contains("] 30/30 kB"), out);
    }

    @Test
    void aLineShowsTheTimeLeftFromTheRateSoFar() {
        String line = TerminalProgress.line("test", 250, 1000, "250/1000 img", 1_000_000_000L, 250, "img/s");
        assertEquals("\rtest [======                  ] 250/1000 img 250 img/s, 3s left ", line);
    }

    @Test
    void staysQuietWhenDisabled() {
        String out = drawn(false, bar -> {
            bar.onStep(step(1, 1));
            bar.onEvaluation(new RunListener.EvaluationInfo("test", "end", 1, 10, 10, 1));
            bar.read("f", 10, 10);
        });
        assertEquals("", out);
    }

    @Test
    void drawsOnlyWhenTheConsoleAndStandardErrorAreTerminals(@TempDir Path tmp) throws IOException {
        Path tty = Files.createSymbolicLink(tmp.resolve("fd2-tty"), Path.of("/dev/pts/7"));
        Path log = Files.createSymbolicLink(tmp.resolve("fd2-file"), tmp.resolve("run.log"));
        assertTrue(TerminalProgress.onTerminal(true, tty));
        assertFalse(TerminalProgress.onTerminal(true, log), "standard error redirected to a file");
        assertFalse(TerminalProgress.onTerminal(false, tty), "standard output (or input) not a terminal");
        // the tests' own output is captured, not a terminal
        assertFalse(TerminalProgress.forThisProcess(false).enabled());
        assertFalse(TerminalProgress.forThisProcess(true).enabled());
    }
}
