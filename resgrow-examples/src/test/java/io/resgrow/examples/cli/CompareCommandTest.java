package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured.Result;
import io.resgrow.examples.report.ComparisonPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code resgrow compare}: four strategies on tiny synthetic settings, plus a finished run read back. */
@Tag("slow")
class CompareCommandTest {

    @Test
    void trainsFourStrategiesAndWritesOnePageWithTheTableAndSharedCurves(@TempDir Path dir) throws Exception {
        Path stored =
                Path.of(getClass().getResource("/report/multilevel-report.json").toURI());
        Path finished = Files.createDirectories(dir.resolve("finished-ml"));
        Files.copy(stored, finished.resolve("report.json"));
        Path out = dir.resolve("cmp");
        Result r = run(
                "compare",
                "--strategies",
                "plain,multilevel,incremental,partitioned",
                "--runs",
                finished.toString(),
                "--out",
                out.toString(),
                "--data",
                "synthetic",
                "--train-limit",
                "200",
                "--epochs",
                "3",
                "--blocks",
                "1,1,1",
                "--widths",
                "4,8,8",
                "--target",
                "0.2",
                "--with",
                "partitioned=--branches 2 --widen 1 --hidden 4 --depth 10 --batch-size 25 --no-augment",
                "--with",
                "incremental=--lookahead-epochs 1 --ws 2");
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out.resolve(ComparisonPage.NAME));
        for (String run : List.of("finished-ml", "plain", "multilevel", "incremental", "partitioned")) {
            assertTrue(html.contains("<tr><td>" + run + "</td>"), "table row of " + run);
            assertTrue(
                    Files.exists(out.resolve(
                            run.equals("finished-ml") ? "../finished-ml/report.json" : run + "/report.html")),
                    run);
        }
        for (String c : ComparisonPage.COLUMNS) {
            assertTrue(html.contains("<th>" + c + "</th>"), c);
        }
        assertTrue(
                html.contains("Validation accuracy against cumulative training FLOPs: finished-ml, plain,"
                        + " multilevel, incremental, partitioned"),
                "shared-axes chart with every run");
        assertEquals(
                800, ImageIO.read(out.resolve("compare-seconds.png").toFile()).getWidth());
        assertTrue(r.out().contains("wrote " + out.resolve(ComparisonPage.NAME)), r.out());
    }

    @Test
    void anUnknownStrategyIsRefusedBeforeAnyRun(@TempDir Path dir) {
        Result r = run("compare", "--strategies", "plain,modelparallel", "--out", dir.toString());
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(r.err().contains("'--strategies'") && r.err().contains("drop or correct modelparallel"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void aBudgetTooSmallForThreeCyclesIsRefused(@TempDir Path dir) {
        Result r = run("compare", "--strategies", "plain", "--out", dir.toString(), "--epochs", "2");
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(r.err().contains("'--epochs'") && r.err().contains(">= 3"), r.err());
    }

    @Test
    void threadsGoToEveryRunAndAreCheckedBeforeAnyRun(@TempDir Path dir) {
        CompareCommand c = new CompareCommand();
        new picocli.CommandLine(c)
                .parseArgs("--strategies", "plain,multilevel", "--out", dir.toString(), "--threads", "1");
        for (String s : List.of("plain", "multilevel")) {
            List<String> a = c.trainArgs(s, dir.resolve(s));
            assertEquals("1", a.get(a.indexOf("--threads") + 1), a.toString());
        }
        Result r = run("compare", "--strategies", "plain", "--out", dir.toString(), "--threads", "0");
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(r.err().contains("'--threads'") && r.err().contains("1 to "), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void splitsTheBudgetEvenly() {
        assertEquals("3,2,2", CompareCommand.split(7));
        assertEquals("1,1,1", CompareCommand.split(3));
    }
}
