package io.resgrow.examples.report;

/**
 * A shaded range behind a curve: the lowest and highest value of several runs (seeds) at each x.
 *
 * @param name the curve the band belongs to (drawn in the legend as {@code name range})
 * @param x the x values
 * @param low the lowest y at each x
 * @param high the highest y at each x
 */
public record Band(String name, double[] x, double[] low, double[] high) {

    /** Checks that every x has a low and a high value. */
    public Band {
        if (x.length != low.length || x.length != high.length) {
            throw new IllegalArgumentException("band " + name + ": " + x.length + " x values but " + low.length
                    + " low and " + high.length + " high values");
        }
        x = x.clone();
        low = low.clone();
        high = high.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] low() {
        return low.clone();
    }

    @Override
    public double[] high() {
        return high.clone();
    }

    /**
     * Returns the band as one closed outline: along the high values, then back along the low ones.
     *
     * @return the outline's x values (index 0) and y values (index 1)
     */
    double[][] outline() {
        int n = x.length;
        double[] ox = new double[2 * n];
        double[] oy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            ox[i] = x[i];
            oy[i] = high[i];
            ox[2 * n - 1 - i] = x[i];
            oy[2 * n - 1 - i] = low[i];
        }
        return new double[][] {ox, oy};
    }
}
