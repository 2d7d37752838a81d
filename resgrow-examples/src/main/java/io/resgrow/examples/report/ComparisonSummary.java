package io.resgrow.examples.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One strategy's line in a comparison over one or more seeds: each figure as the mean over the
 * seeds with the range beside it ({@code 0.8120 (0.8010-0.8230)}), the "to target" figures over the
 * seeds that reached the target, and the time and FLOPs to the target as a multiple of plain
 * training's when a plain run is in the comparison.
 *
 * @param run the line's name (the strategy given to {@code compare}, or a finished run's directory)
 * @param seeds one row per seed, in seed order
 */
public record ComparisonSummary(String run, List<ComparisonRow> seeds) {

    /** Copies the rows; at least one. */
    public ComparisonSummary {
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("comparison line " + run + " has no run");
        }
    }

    /**
     * Returns the line's cells, in the order of {@link ComparisonPage#COLUMNS}.
     *
     * @param budget the epoch budget every run was given, or null when none was (finished runs only)
     * @param plain the plain runs' line the ratios refer to, or null
     * @return the cells
     */
    public List<String> cells(Integer budget, ComparisonSummary plain) {
        return List.of(
                run,
                seeds.get(0).strategy(),
                Integer.toString(seeds.size()),
                epochs(budget),
                spread(ComparisonRow::testAccuracy, "%.4f"),
                spread(ComparisonRow::bestValidation, "%.4f"),
                spread(r -> r.seconds(), "%.1f"),
                spread(r -> r.flops(), "%.3g"),
                toTarget(ComparisonRow::secondsToTarget, "%.1f"),
                toTarget(ComparisonRow::flopsToTarget, "%.3g"),
                ratio(plain, ComparisonRow::secondsToTarget),
                ratio(plain, ComparisonRow::flopsToTarget));
    }

    /**
     * Returns the mean of a figure over the seeds that have it, or null if none has.
     *
     * @param figure the figure
     * @return the mean
     */
    public Double mean(Function<ComparisonRow, Double> figure) {
        List<Double> v = values(figure);
        return v.isEmpty()
                ? null
                : v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private List<Double> values(Function<ComparisonRow, Double> figure) {
        List<Double> v = new ArrayList<>();
        for (ComparisonRow r : seeds) {
            Double x = figure.apply(r);
            if (x != null) {
                v.add(x);
            }
        }
        return v;
    }

    private String spread(Function<ComparisonRow, Double> figure, String format) {
        List<Double> v = values(figure);
        if (v.isEmpty()) {
            return "-";
        }
        String mean = RunPage.fmt(format, mean(figure));
        if (v.size() == 1) {
            return mean;
        }
        String lo = RunPage.fmt(
                format, v.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        String hi = RunPage.fmt(
                format, v.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        return lo.equals(hi) ? mean : mean + " (" + lo + "-" + hi + ")";
    }

    private String epochs(Integer budget) {
        String cell = spread(ComparisonRow::epochs, "%.1f").replaceAll("\\.0\\b", "");
        double most = seeds.stream().mapToDouble(ComparisonRow::epochs).max().orElseThrow();
        // a third of an epoch per branch adds up to 11.999...: what rounds to the budget is within it
        if (budget != null && most > budget + 0.05) {
            cell += ", " + RunPage.fmt("%.1f", most - budget).replaceAll("\\.0\\b", "") + " over the budget of "
                    + budget;
        }
        return cell;
    }

    private String toTarget(Function<ComparisonRow, Double> figure, String format) {
        long reached = seeds.stream().map(figure).filter(Objects::nonNull).count();
        if (reached == 0) {
            return "not reached";
        }
        String cell = spread(figure, format);
        return reached == seeds.size() ? cell : cell + ", " + reached + " of " + seeds.size() + " seeds";
    }

    /**
     * The mean "to target" figure as a multiple of plain training's, when every seed of both reached
     * the target (otherwise a mean would compare different sets of seeds).
     */
    private String ratio(ComparisonSummary plain, Function<ComparisonRow, Double> figure) {
        if (plain == null) {
            return "-";
        }
        if (values(figure).size() < seeds.size() || plain.values(figure).size() < plain.seeds.size()) {
            return "-";
        }
        return RunPage.fmt("%.2fx", mean(figure) / plain.mean(figure));
    }
}
