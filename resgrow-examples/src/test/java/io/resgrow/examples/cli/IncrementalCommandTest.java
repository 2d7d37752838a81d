package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train incremental}'s checks that need the data: a VGG needs images of at least 32x32. */
class IncrementalCommandTest {

    @Test
    void aVggOnImagesSmallerThanThirtyTwoIsRefusedUnderDataBeforeAnyEpoch(@TempDir Path dir) {
        Path report = dir.resolve("report");
        Result r = run(
                "train",
                "incremental",
                "--arch",
                "vgg",
                "--width-scale",
                "0.125",
                "--data",
                "synthetic",
                "--train-limit",
                "100",
                "--report",
                report.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(
                r.err().contains("Invalid value for '--data'. Received: --data=synthetic (images of 28x28)."), r.err());
        assertTrue(r.err().contains("images of at least 32x32 for --arch vgg"), r.err());
        assertTrue(r.err().contains("use --arch resnet"), r.err());
        assertTrue(r.err().contains("sample, synthetic and fashion-mnist are all 28x28"), r.err());
        assertFalse((r.out() + r.err()).matches("(?s).*epoch +1 .*"), "no epoch trained: " + r.out() + r.err());
        assertFalse(Files.exists(report.resolve("report.json")), "no report");
    }
}
