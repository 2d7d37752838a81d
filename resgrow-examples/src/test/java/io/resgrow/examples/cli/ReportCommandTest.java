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

/** {@code resgrow report DIR} and {@code train --html}: pages from stored and fresh reports. */
class ReportCommandTest {

    @Test
    void rendersTheStoredReportIntoAnotherDirectory(@TempDir Path dir) throws Exception {
        Path stored =
                Path.of(getClass().getResource("/report/multilevel-report.json").toURI());
        Result r = run("report", stored.toString(), "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("report.html"), r.out());
        assertTrue(Files.readString(dir.resolve("report.html")).contains("Accuracy against cumulative training FLOPs"));
        assertTrue(Files.size(dir.resolve("accuracy-seconds.png")) > 1000);
    }

    @Test
    void aDirectoryWithoutAReportIsRefusedInOneLine(@TempDir Path dir) {
        Result r = run("report", dir.toString());
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(
                r.err().startsWith("error: Invalid value for 'DIR'") && r.err().contains("report.json"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void htmlWithoutReportIsRefusedBeforeTraining() {
        Result r = run("train", "--html", "--data", "synthetic");
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(r.err().contains("--html") && r.err().contains("--report"), r.err());
        assertFalse(r.out().contains("test_accuracy"), r.out());
    }

    @Test
    void trainWithHtmlWritesThePageAndProvenanceBesideReportJson(@TempDir Path dir) throws Exception {
        Result r = run(
                "train",
                "--data",
                "synthetic",
                "--train-limit",
                "200",
                "--epochs",
                "2",
                "--blocks",
                "1,1,1",
                "--widths",
                "4,8,8",
                "--batch-size",
                "50",
                "--quiet",
                "--report",
                dir.toString(),
                "--html");
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("plain(2 epochs)"), "strategy");
        assertTrue(html.contains("<td>resgrow train --data synthetic --train-limit 200"), "command line");
        assertTrue(Files.exists(dir.resolve("report.json")) && Files.exists(dir.resolve("loss-epochs.png")));
        assertTrue(
                html.contains("<td>DJL</td><td>0.35.1</td>") && html.contains("<td>seed</td><td>42</td>"),
                "provenance in the settings table");
        String provenance = Files.readString(dir.resolve("provenance.json"));
        assertTrue(
                provenance.contains("\"command line\": \"resgrow train --data synthetic --train-limit 200")
                        && provenance.contains("\"run\": \"device cpu, "),
                provenance);
        Path again = dir.resolve("again");
        Result rendered = run("report", dir.toString(), "--out", again.toString());
        assertEquals(0, rendered.code(), rendered.err());
        assertTrue(
                Files.readString(again.resolve("report.html")).contains("<td>DJL</td><td>0.35.1</td>"),
                "report DIR shows the run's provenance too");
    }
}
