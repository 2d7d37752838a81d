package io.resgrow.examples.report;

/**
 * A vertical line on a chart where something happened: growth, a phase, a branch.
 *
 * @param x where, in the chart's x units
 * @param label what happened, e.g. {@code interpolate}
 */
public record Mark(double x, String label) {}
