package io.resgrow.bench;

import static io.resgrow.bench.BenchRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.testing.Captured.Result;
import io.resgrow.examples.Sample;
import io.resgrow.examples.report.ChartPng;
import io.resgrow.examples.report.ComparisonPage;
import io.resgrow.examples.report.ReportFile;
import io.resgrow.examples.report.RunPage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks that train runs write, with {@code --report DIR}, each compared run's report.json
 * and report.html with PNG charts in DIR/RUN, and compare.html across the runs in DIR (tiny
 * settings on the bundled Fashion-MNIST sample).
 */
class BenchReportTest {

    /** Checks the comparison page and every run directory: report, page, PNGs that decode at the stated size. */
    private static void assertReports(Path out, List<String> runDirs, Result r) throws IOException {
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve(ComparisonPage.NAME)), r.out());
        String compare = Files.readString(out.resolve(ComparisonPage.NAME));
        try (Stream<Path> dirs = Files.list(out)) {
            assertEquals(
                    runDirs,
                    dirs.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .sorted()
                            .toList(),
                    "one directory per compared run, none for the warm-up");
        }
        for (String run : runDirs) {
            Path dir = out.resolve(run);
            assertNotNull(ReportFile.read("DIR", dir).strategy(), run);
            assertTrue(Files.readString(dir.resolve(RunPage.NAME)).contains("data:image/png;base64,"), run);
            assertTrue(compare.contains("<td>" + run.charAt(0)), "the comparison lists run " + run);
        }
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> pngs = files.filter(p -> p.toString().endsWith(".png")).toList();
            assertTrue(pngs.size() >= runDirs.size(), pngs.toString());
            for (Path png : pngs) {
                BufferedImage image = ImageIO.read(png.toFile());
                assertNotNull(image, png + " does not decode");
                assertEquals(ChartPng.WIDTH, image.getWidth(), png.toString());
                assertEquals(ChartPng.HEIGHT, image.getHeight(), png.toString());
            }
        }
        assertTrue(r.out().contains("wrote " + out.resolve(ComparisonPage.NAME)), r.out());
    }

    /** Runs {@code bench WHICH} on the sample with {@code --report tmp/out} and the arguments, and checks its reports. */
    private static void benchWrites(Path tmp, List<String> runDirs, String which, String... args) throws IOException {
        Path out = tmp.resolve("out");
        List<String> line = new ArrayList<>(List.of(
                which,
                "--data",
                Sample.unpack(Files.createDirectory(tmp.resolve("data"))).toString(),
                "--report",
                out.toString()));
        line.addAll(List.of(args));
        assertReports(out, runDirs, run(line.toArray(String[]::new)));
    }

    @Test
    void benchIncrementalWritesEveryRunAndTheComparison(@TempDir Path tmp) throws IOException {
        benchWrites(
                tmp,
                List.of("b-full-network", "l-look-ahead", "r-random-init"),
                "incremental",
                "--train-images",
                "300",
                "--epochs",
                "1",
                "--max-epochs-per-stage",
                "1",
                "--ws",
                "2");
        assertTrue(Files.exists(tmp.resolve("out/compare-epochs.png")), "validated runs give comparison curves");
    }

    @Test
    void benchPartitionedWritesEveryRunAndTheComparison(@TempDir Path tmp) throws IOException {
        benchWrites(
                tmp,
                List.of("o-one-branch", "p-partitioned"),
                "partitioned",
                "--train-images",
                "300",
                "--stage-epochs",
                "1,1,0",
                "--long-head",
                "0",
                "--runs",
                "p,o");
    }

    @Test
    void severalSeedsKeepEachSeedsRunsAndSummariseThemAsMeanAndRange(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Result r = run(
                "partitioned",
                "--data",
                Sample.unpack(Files.createDirectory(tmp.resolve("data"))).toString(),
                "--report",
                out.toString(),
                "--train-images",
                "300",
                "--stage-epochs",
                "1,1,0",
                "--long-head",
                "0",
                "--runs",
                "p",
                "--seeds",
                "1,2");
        assertEquals(0, r.code(), r.err());
        double sum = 0;
        for (String seed : List.of("seed-1", "seed-2")) {
            TrainingReport p = ReportFile.read("DIR", out.resolve(seed).resolve("p-partitioned"));
            assertEquals(seed.substring(5), p.provenance().get("seed"), seed);
            sum += p.testAccuracy();
        }
        String mean = String.format(Locale.ROOT, "%.4f", sum / 2);
        assertTrue(r.out().contains("over seeds [1, 2]"), r.out());
        assertTrue(
                r.out()
                        .lines()
                        .anyMatch(l -> l.startsWith("p partitioned | ") && l.contains(" | 2 | ") && l.contains(mean)),
                "the test accuracy's mean over both seeds, " + mean + ": " + r.out());
        assertTrue(
                Files.readString(out.resolve(ComparisonPage.NAME)).contains("mean over seeds"),
                "one page over the seeds");
    }

    @Test
    void benchMultilevelWritesEveryRunAndTheComparison(@TempDir Path tmp) throws IOException {
        benchWrites(
                tmp,
                List.of("a-multilevel", "b-8-8-8", "c-2-2-2"),
                "multilevel",
                "--train-images",
                "200",
                "--cycles",
                "1,1");
    }

    @Test
    void aBenchmarkThatTrainsNoRunsRefusesReport(@TempDir Path tmp) {
        Result r = run("optimizer", "--report", tmp.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--report") && r.err().contains("multilevel, incremental, partitioned"), r.err());
    }
}
