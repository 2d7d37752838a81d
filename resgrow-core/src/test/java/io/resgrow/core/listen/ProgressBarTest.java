package io.resgrow.core.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static TrainingListener.StepInfo step(int i, int n) {
        return new TrainingListener.StepInfo("plain", 2, i, n, 100, 50_000_000L, () -> 0.25);
    }

    @Test
    void drawsPhaseEpochStepThroughputAndEta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        for (int i = 1; i <= 4; i++) {
            bar.onStep(step(i, 4));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("plain epoch 2"), out);
        assertTrue(out.contains("4/4 loss 0.2500"), out);
        assertTrue(out.contains("2000 img/s"), out);
        assertTrue(out.contains("ETA 0s"), out);
    }

    @Test
    void staysQuietWhenDisabled() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        bar.onStep(step(1, 1));
        assertEquals(0, bytes.size());
    }
}
