package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output places that cannot take the run's files are refused before any data is read, in the
 * option's own spelling; {@code --resume} without a checkpoint says so in one line and starts.
 */
class FailBeforeWorkTest {

    private static void refused(Result r, String option, String expected) {
        assertEquals(ErrorText.INPUT, r.code(), r.err());
        assertTrue(
                r.err().startsWith("error: Invalid value for '" + option + "'")
                        && r.err().contains(expected),
                r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void reportAtAFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        refused(
                run("train", "--data", "synthetic", "--report", file.toString()),
                "--report",
                "a directory (this is a file)");
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void aCheckpointDirectoryThatCannotBeCreatedIsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        refused(
                run(
                        "train",
                        "--data",
                        "synthetic",
                        "--checkpoint-dir",
                        file.resolve("ckpt").toString()),
                "--checkpoint-dir",
                "a directory this user can write");
        refused(run("compare", "--strategies", "plain", "--out", file.toString()), "--out", "this is a file");
    }

    @Test
    void placesThatPermissionsAllowButCannotBeWrittenAreRefused(@TempDir Path dir) throws IOException {
        // root may write in /proc by its permissions, yet nothing can be created there
        refused(
                run("train", "--data", "synthetic", "--report", "/proc/resgrow-no"),
                "--report",
                "a directory this user can create and write");
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        refused(
                run(
                        "analyze",
                        "--data",
                        "synthetic",
                        "--json",
                        file.resolve("x.json").toString()),
                "--json",
                "a file in a directory this user can write (" + file + " is not one)");
        Path report = dir.resolve("new/report");
        refused(
                run("train", "--data", "synthetic", "--report", report.toString(), "--batch-size", "0"),
                "--batch-size",
                ">= 1");
        assertFalse(Files.exists(dir.resolve("new")), "checking --report left a directory behind");
    }

    @Test
    void analyzeRefusesAVggBeforeReadingTheData() {
        // no residual modules to measure: refused before the data is read (the named set may be absent)
        refused(
                run("analyze", "plain", "--arch", "vgg", "--pad", "2", "--data", "fashion-mnist"),
                "--arch",
                "resnet (a network of residual modules)");
    }

    @Test
    void resumeWithAnotherThreadCountIsRefusedWithTheDifference(@TempDir Path dir) {
        Path ckpt = dir.resolve("ckpt");
        String[] run = {
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
            "4,8,8",
            "--quiet",
            "--checkpoint-dir",
            ckpt.toString()
        };
        Result first = run(concat(run, "--threads", "1"));
        assertEquals(0, first.code(), first.err());
        Result other = run(concat(run, "--threads", "2", "--resume"));
        assertEquals(ErrorText.INPUT, other.code(), other.err());
        assertTrue(other.err().contains("intraOpThreads: checkpoint 1, now 2"), other.err());
        Result same = run(concat(run, "--threads", "1", "--resume"));
        assertEquals(0, same.code(), same.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void resumeWithoutACheckpointSaysSoInOneLineAndTrainsFromTheStart(@TempDir Path dir) {
        Path ckpt = dir.resolve("ckpt");
        Result r = run(
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
                "4,8,8",
                "--quiet",
                "--checkpoint-dir",
                ckpt.toString(),
                "--resume");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("no checkpoint")).count(), r.err());
        assertTrue(r.err().contains("--resume: no checkpoint in " + ckpt + ", starting from the beginning"), r.err());
        assertTrue(r.out().contains("test_accuracy="), r.out());
    }
}
