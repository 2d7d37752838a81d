package io.resgrow.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** How charts are drawn: labels inside the plot, tick formats, shaded bands. */
class ChartPngTest {

    private static ChartPng.Extent extent(double min, double max) {
        ChartPng.Extent e = new ChartPng.Extent();
        e.add(new double[] {min, max});
        return e;
    }

    private static String tick(ChartPng.Extent e, double v) {
        return new DecimalFormat(e.pattern(), DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    @Test
    void aLabelAtTheLeftOrRightEdgeIsMovedInsideThePlot() {
        ChartPng.Extent x = extent(0, 10);
        Mark left = new Mark(0, "stage 1: branch 1 of 2");
        double half = (left.label().length() * 7 / 2.0 + 4) / (ChartPng.WIDTH - 110) * 10;
        assertEquals(half, ChartPng.labelX(left, x), 1e-9, "the label's left end at the plot's left edge");
        assertEquals(10 - half, ChartPng.labelX(new Mark(10, left.label()), x), 1e-9);
        assertEquals(5, ChartPng.labelX(new Mark(5, "insert"), x), 1e-9, "a label in the middle stays at its line");
    }

    @Test
    void ticksHaveALeadingZeroAndLargeOrTinyValuesUsePowersOfTen() {
        assertEquals("0.08", tick(extent(0.05, 0.9), 0.08));
        assertEquals("0.5", tick(extent(0.05, 0.9), 0.5));
        assertEquals("3.0E12", tick(extent(0, 3e12), 3e12));
        assertEquals("1.0E-4", tick(extent(1e-4, 1e-3), 1e-4));
        assertEquals("12", tick(extent(1, 40), 12));
        assertEquals("3", tick(extent(0, 7), 3), "epochs are whole numbers");
    }

    @Test
    void aBandIsShadedInItsCurvesColourBehindIt() throws IOException {
        Series mean = new Series("plain", new double[] {1, 2, 3}, new double[] {0.5, 0.6, 0.7});
        Band band = new Band("plain", mean.x(), new double[] {0.2, 0.3, 0.4}, new double[] {0.8, 0.9, 0.95});
        BufferedImage with = image(new Chart("c.png", "t", "x", "y", List.of(mean), List.of(), List.of(band)));
        BufferedImage without = image(new Chart("c.png", "t", "x", "y", List.of(mean), List.of()));
        assertEquals(ChartPng.WIDTH, with.getWidth());
        assertTrue(
                bluish(with) > bluish(without) + 1000,
                "the band adds light-blue pixels: " + bluish(with) + " vs " + bluish(without));
    }

    private static BufferedImage image(Chart c) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(ChartPng.render(c)));
    }

    /** Pixels of the first curve's blue, lightened over white (the band's shade). */
    private static int bluish(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (b > 220 && r > 150 && r < 225 && g > 180 && g < 235) {
                    n++;
                }
            }
        }
        return n;
    }
}
