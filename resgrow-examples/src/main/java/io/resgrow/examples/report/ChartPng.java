package io.resgrow.examples.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Draws a {@link Chart} as a PNG with XChart, headless (no display needed). */
public final class ChartPng {

    /** Width of the PNGs, in pixels. */
    public static final int WIDTH = 800;
    /** Height of the PNGs, in pixels. */
    public static final int HEIGHT = 480;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartPng() {}

    /**
     * Writes charts as PNG files into a directory and returns them as images for a page.
     *
     * @param charts the charts
     * @param dir the directory (it must exist)
     * @return the images' HTML, the charts embedded
     * @throws IOException if a file cannot be written
     */
    public static String writeAll(List<Chart> charts, Path dir) throws IOException {
        StringBuilder html = new StringBuilder();
        for (Chart c : charts) {
            byte[] png = render(c);
            Files.write(dir.resolve(c.file()), png);
            html.append(Html.image(png, alt(c)));
        }
        return html.toString();
    }

    /**
     * Describes a chart for the page's readers: title and series names.
     *
     * @param c the chart
     * @return the text
     */
    static String alt(Chart c) {
        return c.title() + ": "
                + String.join(", ", c.series().stream().map(Series::name).toList());
    }

    /**
     * Draws a chart at {@link #WIDTH} x {@link #HEIGHT}.
     *
     * @param chart the chart
     * @return the PNG's bytes
     */
    public static byte[] render(Chart chart) {
        XYChart c = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(chart.title())
                .xAxisTitle(chart.xLabel())
                .yAxisTitle(chart.yLabel())
                .build();
        c.getStyler()
                .setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal)
                .setMarkerSize(5)
                .setAntiAlias(true)
                .setChartBackgroundColor(Color.WHITE);
        double top = Double.NEGATIVE_INFINITY;
        for (Series s : chart.series()) {
            if (s.size() > 0) {
                c.addSeries(s.name(), s.x(), s.y());
                for (double v : s.y()) {
                    top = Math.max(top, v);
                }
            }
        }
        for (Mark m : chart.marks()) {
            c.addAnnotation(new AnnotationLine(m.x(), true, false));
            if (Double.isFinite(top)) {
                c.addAnnotation(new AnnotationText(m.label(), m.x(), top, false));
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + chart.file(), e);
        }
    }
}
