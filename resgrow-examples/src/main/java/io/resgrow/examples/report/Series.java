package io.resgrow.examples.report;

/**
 * One named curve of a chart.
 *
 * @param name the legend's name
 * @param x the x values
 * @param y the y values, one per x
 */
public record Series(String name, double[] x, double[] y) {

    /** Checks that every x has a y. */
    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series " + name + ": " + x.length + " x values but " + y.length + " y values");
        }
        x = x.clone();
        y = y.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    /**
     * Returns the number of points.
     *
     * @return the count
     */
    public int size() {
        return x.length;
    }
}
