package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.testing.Captured.Result;
import io.resgrow.examples.report.ComparisonPage;
import io.resgrow.examples.report.ReportFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
                "4,4,4",
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
                            run.equals("finished-ml") ? "../finished-ml/report.json" : run + "/seed-42/report.html")),
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
        assertTrue(
                r.out()
                        .lines()
                        .anyMatch(l -> l.startsWith("partitioned | ")
                                && l.contains(" | 3 | ")
                                && !l.contains("over the budget")),
                "2 branches x 1 epoch count as 1 epoch of the network, then the head's 2 and no fine-tuning: "
                        + r.out());
        assertTrue(
                r.out().lines().anyMatch(l -> l.startsWith("finished-ml | ") && l.contains(" | 6 | ")),
                "a finished run was not given the budget: " + r.out());
        assertTrue(
                r.out().lines().anyMatch(l -> l.startsWith("plain | ") && l.contains(" | 3 | ")),
                "plain trains the budget: " + r.out());
    }

    @Test
    void trainsEveryStrategyOncePerSeedAndDerivesTheTargetFromPlain(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cmp");
        List<String> line = new ArrayList<>(List.of(
                "compare",
                "--strategies",
                "plain,multilevel",
                "--seeds",
                "1,2",
                "--out",
                out.toString(),
                "--data",
                "synthetic",
                "--train-limit",
                "200",
                "--epochs",
                "3",
                "--blocks",
                "4,4,4",
                "--widths",
                "4,8,8"));
        Result r = run(line.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        List<String> targets = new ArrayList<>();
        for (String seed : List.of("seed-1", "seed-2")) {
            TrainingReport plain = ReportFile.read("test", out.resolve("plain").resolve(seed));
            List<EpochRecord> e = plain.epochs();
            targets.add(String.format(Locale.ROOT, "%.4f", e.get(e.size() - 1).validationAccuracy() - 0.005));
            assertEquals(
                    seed.substring(5),
                    plain.provenance().get("seed"),
                    "each seed's run trained with its seed: " + plain.provenance());
            assertTrue(Files.exists(out.resolve("multilevel").resolve(seed).resolve("report.json")), seed);
        }
        String expected = "target validation accuracy " + String.join(", ", targets) + " (seeds [1, 2])";
        assertTrue(r.out().contains(expected), expected + " in " + r.out());
        assertTrue(
                r.out().lines().anyMatch(l -> l.startsWith("multilevel | ") && l.contains(" | 2 | 3 | ")),
                "two seeds of 3 epochs each: " + r.out());
        assertTrue(
                Files.readString(out.resolve(ComparisonPage.NAME)).contains("mean over seeds, range shaded"),
                "the curves are the seeds' means");
        line.add("--reuse");
        Result reused = run(line.toArray(String[]::new));
        assertEquals(0, reused.code(), reused.err());
        assertEquals(
                4, reused.out().lines().filter(l -> l.contains(": read from ")).count(), reused.out());
        assertTrue(!reused.out().contains("test_accuracy="), "nothing trained again: " + reused.out());
        assertTrue(reused.out().contains(expected), reused.out());
        line.set(line.indexOf("--epochs") + 1, "5");
        Result other = run(line.toArray(String[]::new));
        assertEquals(ErrorText.INPUT, other.code());
        assertTrue(other.err().contains("'--reuse'") && other.err().contains("--epochs 3"), other.err());
    }

    @Test
    void multilevelStartsAtAQuarterOfTheBlocksToEndAtPlainsNetwork(@TempDir Path dir) {
        CompareCommand c = new CompareCommand();
        new picocli.CommandLine(c).parseArgs("--strategies", "plain,multilevel", "--out", dir.toString());
        List<String> ml = c.trainArgs("multilevel", 1, dir);
        List<String> plain = c.trainArgs("plain", 1, dir);
        assertEquals("1,1,1", ml.get(ml.indexOf("--blocks") + 1));
        assertEquals("4,4,4", plain.get(plain.indexOf("--blocks") + 1));
        Result r = run("compare", "--strategies", "plain,multilevel", "--blocks", "2,2,2", "--out", dir.toString());
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(r.err().contains("'--blocks'") && r.err().contains("divide by 4"), r.err());
    }

    @Test
    void aTargetFromPlainNeedsPlainAndRepeatedSeedsAreRefused(@TempDir Path dir) {
        Result r = run("compare", "--strategies", "multilevel", "--out", dir.toString());
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(r.err().contains("'--target'") && r.err().contains("add plain to --strategies"), r.err());
        r = run("compare", "--strategies", "plain", "--seeds", "1,1", "--out", dir.toString());
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(r.err().contains("'--seeds'") && r.err().contains("different seeds"), r.err());
        r = run("compare", "--strategies", "plain", "--target", "high", "--out", dir.toString());
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(r.err().contains("'--target'") && r.err().contains("high"), r.err());
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
            List<String> a = c.trainArgs(s, 42, dir.resolve(s));
            assertEquals("1", a.get(a.indexOf("--threads") + 1), a.toString());
        }
        Result r = run("compare", "--strategies", "plain", "--out", dir.toString(), "--threads", "0");
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(r.err().contains("'--threads'") && r.err().contains("1 to "), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void aVggTakesItsOwnOptionsAndItsFiveGroupsShareTheBudget(@TempDir Path dir) {
        CompareCommand c = new CompareCommand();
        new picocli.CommandLine(c)
                .parseArgs(
                        "--strategies",
                        "plain,incremental",
                        "--with",
                        "incremental=--arch vgg --pad 2",
                        "--epochs",
                        "14",
                        "--out",
                        dir.toString());
        List<String> inc = c.trainArgs("incremental", 1, dir);
        assertFalse(inc.contains("--blocks") || inc.contains("--widths"), inc.toString());
        assertEquals("2", inc.get(inc.indexOf("--max-epochs-per-stage") + 1), "5 x 2 + 4 look-ahead = 14: " + inc);
        List<String> plain = c.trainArgs("plain", 1, dir);
        assertEquals("4,4,4", plain.get(plain.indexOf("--blocks") + 1));
    }

    @Test
    void aWrongWithIsRefusedBeforeAnyRunTrains(@TempDir Path dir) {
        // a VGG without padding cannot take the named data sets' 28x28 images: found before plain trains
        Result r = run(
                "compare",
                "--strategies",
                "plain,incremental",
                "--with",
                "incremental=--arch vgg --width-scale 0.125",
                "--data",
                "synthetic",
                "--out",
                dir.toString());
        assertEquals(ErrorText.INPUT, r.code(), r.err());
        assertTrue(r.err().contains("Invalid value for '--with'. Received: --with=incremental=--arch vgg"), r.err());
        assertTrue(r.err().contains("use --pad 2"), r.err());
        assertFalse(Files.exists(dir.resolve("plain")), "nothing trained");
        // compare's own option is named as such, not blamed on the --with beside it
        r = run(
                "compare",
                "--strategies",
                "plain",
                "--train-limit",
                "5",
                "--with",
                "plain=--lr 0.05",
                "--out",
                dir.toString());
        assertEquals(ErrorText.INPUT, r.code(), r.err());
        assertTrue(r.err().contains("Invalid value for '--train-limit'"), r.err());
        r = run("compare", "--strategies", "plain", "--with", "plain=--bogus 1", "--out", dir.toString());
        assertEquals(ErrorText.INPUT, r.code(), r.err());
        assertTrue(r.err().contains("'--with'") && r.err().contains("Unknown options: '--bogus'"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void aResNetOfOneWidthGrowsNoSubNetworkAndTrainsItsBudgetInOneStage(@TempDir Path dir) {
        CompareCommand c = new CompareCommand();
        new picocli.CommandLine(c)
                .parseArgs(
                        "--strategies",
                        "plain,incremental",
                        "--blocks",
                        "4",
                        "--widths",
                        "16",
                        "--out",
                        dir.toString());
        List<String> inc = c.trainArgs("incremental", 1, dir);
        assertEquals("15", inc.get(inc.indexOf("--max-epochs-per-stage") + 1), inc.toString());
        assertFalse(inc.contains("--lookahead-epochs"), inc.toString());
    }
}
