package io.resgrow.examples.report;

import java.util.List;

/**
 * What one chart of a report shows, independent of how it is drawn.
 *
 * @param file the PNG's file name, e.g. {@code accuracy-epochs.png}
 * @param title the title
 * @param xLabel the x axis' title
 * @param yLabel the y axis' title
 * @param series the curves
 * @param marks the events marked on it
 * @param bands shaded ranges behind the curves (the spread over seeds), drawn first
 */
public record Chart(
        String file,
        String title,
        String xLabel,
        String yLabel,
        List<Series> series,
        List<Mark> marks,
        List<Band> bands) {

    /** Copies the lists. */
    public Chart {
        series = List.copyOf(series);
        marks = List.copyOf(marks);
        bands = List.copyOf(bands);
    }

    /**
     * Creates a chart without bands.
     *
     * @param file the PNG's file name
     * @param title the title
     * @param xLabel the x axis' title
     * @param yLabel the y axis' title
     * @param series the curves
     * @param marks the events marked on it
     */
    public Chart(String file, String title, String xLabel, String yLabel, List<Series> series, List<Mark> marks) {
        this(file, title, xLabel, yLabel, series, marks, List.of());
    }

    /**
     * Returns whether any curve has a point (a chart without one is left off a page).
     *
     * @return true if there is something to draw
     */
    public boolean hasData() {
        return series.stream().anyMatch(s -> s.size() > 0);
    }
}
