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
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws a {@link Chart} as a PNG with XChart, headless (no display needed). */
public final class ChartPng {

    /** Width of the PNGs, in pixels. */
    public static final int WIDTH = 800;
    /** Height of the PNGs, in pixels. */
    public static final int HEIGHT = 480;

    /** The curves' colours, in order; a band takes its curve's, lighter. */
    private static final Color[] COLOURS = {
        new Color(31, 119, 180),
        new Color(255, 127, 14),
        new Color(44, 160, 44),
        new Color(214, 39, 40),
        new Color(148, 103, 189),
        new Color(140, 86, 75),
        new Color(227, 119, 194),
        new Color(127, 127, 127)
    };

    /** Approximate width of one label character and of the plot, in pixels. */
    private static final double CHAR_PIXELS = 7;

    private static final double PLOT_PIXELS = WIDTH - 110;

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
     * Draws a chart at {@link #WIDTH} x {@link #HEIGHT}: the bands shaded behind the curves in
     * their curve's colour, the marks as vertical lines with their labels inside the plot.
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
        Extent x = new Extent();
        Extent y = new Extent();
        List<Series> drawn = chart.series().stream().filter(s -> s.size() > 0).toList();
        for (Band b : chart.bands()) {
            int i = indexOf(drawn, b.name());
            if (b.x().length > 0 && i >= 0) {
                double[][] o = b.outline();
                XYSeries area = c.addSeries(b.name() + " range", o[0], o[1]);
                area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                area.setMarker(SeriesMarkers.NONE);
                area.setFillColor(shade(COLOURS[i % COLOURS.length]));
                area.setLineColor(shade(COLOURS[i % COLOURS.length]));
                area.setShowInLegend(false);
                x.add(o[0]);
                y.add(o[1]);
            }
        }
        for (int i = 0; i < drawn.size(); i++) {
            Series s = drawn.get(i);
            XYSeries line = c.addSeries(s.name(), s.x(), s.y());
            line.setLineColor(COLOURS[i % COLOURS.length]);
            line.setMarkerColor(COLOURS[i % COLOURS.length]);
            x.add(s.x());
            y.add(s.y());
        }
        for (Mark m : chart.marks()) {
            x.add(new double[] {m.x()});
        }
        if (x.seen()) {
            // marks may stand before the first point (an event before epoch 1): keep their lines inside the plot
            c.getStyler().setXAxisMin(x.min).setXAxisMax(x.max);
            c.getStyler().setXAxisDecimalPattern(x.pattern()).setYAxisDecimalPattern(y.pattern());
        }
        List<Mark> marks = chart.marks();
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            c.addAnnotation(new AnnotationLine(m.x(), true, false));
            if (y.seen()) {
                c.addAnnotation(new AnnotationText(m.label(), labelX(m, x), labelY(i, y), false));
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

    private static Color shade(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 60);
    }

    private static int indexOf(List<Series> series, String name) {
        for (int i = 0; i < series.size(); i++) {
            if (series.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where a mark's label is centred along x: at its line, or moved inwards so that the whole label
     * stays inside the plot (XChart centres text on its position).
     *
     * @param m the mark
     * @param x the extent of the x values
     * @return the label's x
     */
    static double labelX(Mark m, Extent x) {
        double span = x.max - x.min;
        if (span <= 0) {
            return m.x();
        }
        double half = (m.label().length() * CHAR_PIXELS / 2 + 4) / PLOT_PIXELS * span;
        if (2 * half >= span) {
            return x.min + span / 2;
        }
        return Math.max(x.min + half, Math.min(x.max - half, m.x()));
    }

    /** The label of the i-th mark: near the top, every other one a line lower, so neighbours do not overlap. */
    private static double labelY(int i, Extent y) {
        double span = y.max - y.min;
        return y.max - span * (0.04 + 0.07 * (i % 3));
    }

    /** The smallest and largest of the values seen. */
    static final class Extent {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(double[] values) {
            for (double v : values) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }

        boolean seen() {
            return min <= max;
        }

        /**
         * A tick format for this range: a leading zero always ({@code 0.08}, not {@code .08}),
         * no trailing zeros ({@code 2}, not {@code 2.0}), powers of ten for very large or very small
         * values.
         *
         * @return the {@link java.text.DecimalFormat} pattern
         */
        String pattern() {
            double big = Math.max(Math.abs(min), Math.abs(max));
            if (big >= 1e5 || (big > 0 && big < 1e-2)) {
                return "0.0#E0";
            }
            return "0.###";
        }
    }
}
