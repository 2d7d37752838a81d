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

/**
 * {@code train incremental}'s and {@code train plain}'s checks that need the data (a VGG needs
 * images of at least 32x32, or padding), and a padded VGG trained from the command line.
 */
class NetworkOptionsTest {

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
        assertTrue(r.err().contains("images of at least 32x32 for --arch vgg with --pad 0"), r.err());
        assertTrue(
                r.err().contains("use --pad 2 (zeros around the images, inside the network), or --arch" + " resnet"),
                r.err());
        assertTrue(r.err().contains("sample, synthetic and fashion-mnist are all 28x28"), r.err());
        assertFalse((r.out() + r.err()).matches("(?s).*epoch +1 .*"), "no epoch trained: " + r.out() + r.err());
        assertFalse(Files.exists(report.resolve("report.json")), "no report");
    }

    @Test
    void aPaddedVggTrainsOn28x28FromPlainAndIsNamedInTheHeader(@TempDir Path dir) {
        Result r = run(
                "train",
                "plain",
                "--arch",
                "vgg",
                "--depth",
                "11",
                "--width-scale",
                "0.125",
                "--pad",
                "2",
                "--data",
                "synthetic",
                "--train-limit",
                "100",
                "--epochs",
                "1",
                "--report",
                dir.resolve("report").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("VGG-11 width x0.125 padded by 2"), r.out());
        assertTrue(Files.exists(dir.resolve("report").resolve("report.json")), "a report");
    }

    @Test
    void aVggPaddedTooLittleIsRefusedNamingThePaddingThatFits(@TempDir Path dir) {
        Result r = run(
                "train",
                "plain",
                "--arch",
                "vgg",
                "--width-scale",
                "0.125",
                "--pad",
                "1",
                "--data",
                "synthetic",
                "--train-limit",
                "100",
                "--report",
                dir.resolve("report").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("images of at least 30x30 for --arch vgg with --pad 1"), r.err());
        assertTrue(r.err().contains("use --pad 2"), r.err());
    }
}
