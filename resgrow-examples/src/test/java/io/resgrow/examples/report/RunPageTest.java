package io.resgrow.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.TrainingReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report rendered from a stored {@code report.json} (a 6-epoch multi-level run with two
 * interpolations): every chart is a PNG of the stated size, the page embeds and names every
 * series, and shows the strategy, the events and the result.
 */
class RunPageTest {

    static Path stored() throws URISyntaxException {
        return Path.of(
                RunPageTest.class.getResource("/report/multilevel-report.json").toURI());
    }

    @Test
    void rendersEveryChartAsAPngOfTheStatedSizeAndAPageListingTheSeries(@TempDir Path dir) throws Exception {
        TrainingReport report = ReportFile.read("DIR", stored());
        Path page = RunPage.write(report, Map.of("command line", "resgrow train --strategy multilevel"), dir);
        List<Chart> charts = RunCharts.of(report);
        assertEquals(
                List.of(
                        "accuracy-epochs.png",
                        "accuracy-flops.png",
                        "accuracy-seconds.png",
                        "loss-epochs.png",
                        "lr-epochs.png",
                        "params-epochs.png",
                        "macs-epochs.png"),
                charts.stream().map(Chart::file).toList());
        String html = Files.readString(page);
        for (Chart c : charts) {
            BufferedImage png = ImageIO.read(dir.resolve(c.file()).toFile());
            assertNotNull(png, c.file() + " does not decode");
            assertEquals(ChartPng.WIDTH, png.getWidth(), c.file());
            assertEquals(ChartPng.HEIGHT, png.getHeight(), c.file());
            assertTrue(html.contains(Html.escape(ChartPng.alt(c))), "the page lacks " + c.title());
        }
        assertEquals(charts.size(), html.split("data:image/png;base64,", -1).length - 1);
        assertTrue(html.contains("train accuracy") && html.contains("validation accuracy"), "series");
        assertTrue(html.contains("multilevel(cycles [2, 2, 2], eta 0.1..0.001)"), "strategy");
        assertTrue(html.contains("<td>0.2480</td>"), "test accuracy");
        assertTrue(html.contains("[1, 1, 1] -&gt; [2, 2, 2]"), "the interpolation event");
        assertTrue(html.contains("resgrow train --strategy multilevel"), "settings");
    }

    @Test
    void marksEachInterpolationWhereTheEpochBeforeItEndsTogetherWithTheCycleItStarts() throws Exception {
        TrainingReport report = ReportFile.read("DIR", stored());
        List<Mark> marks = RunCharts.marks(report, RunCharts.Axis.EPOCHS).stream()
                .filter(m -> m.label().contains("interpolate"))
                .toList();
        assertEquals(List.of(2.0, 4.0), marks.stream().map(Mark::x).toList());
        assertEquals("interpolate, cycle-2", marks.get(0).label());
        List<Mark> byFlops = RunCharts.marks(report, RunCharts.Axis.FLOPS).stream()
                .filter(m -> m.label().contains("interpolate"))
                .toList();
        assertEquals(report.epochs().get(1).cumulativeFlops(), byFlops.get(0).x());
    }

    @Test
    void refusesAFileThatIsNotAReport(@TempDir Path dir) throws IOException {
        Path bogus = Files.writeString(dir.resolve("report.json"), "[1, 2, 3]");
        var e = Assertions.assertThrows(InvalidSettingException.class, () -> ReportFile.read("DIR", dir));
        assertTrue(e.getMessage().contains("DIR") && e.getMessage().contains(bogus.toString()), e.getMessage());
    }
}
