package io.resgrow.bench;

import io.resgrow.core.RunBuilder;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.datasets.Datasets;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.LoadProgress;
import io.resgrow.examples.report.ComparisonPage;
import io.resgrow.examples.report.RunPage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a benchmark's trainings give besides the figures it prints: progress while data loads and
 * runs train, and, with a report directory, every compared run's {@code report.json} and {@code
 * report.html} (with PNG charts) in a sub-directory named after the run, and one {@code
 * compare.html} across the runs ({@link ComparisonPage}) in the directory itself. Warm-up runs are
 * not reported. A benchmark run for several seeds ({@link #seed}) keeps each seed's reports in
 * {@code seed-N}, and its page and {@link #summary} give each figure as the mean and range over the
 * seeds.
 */
public final class BenchOutput {

    private final Path dir;
    private final Map<String, String> settings;
    private final RunListener progress;
    private final LoadProgress loading;
    private final Map<String, List<TrainingReport>> runs = new LinkedHashMap<>();
    private final List<Double> targets = new ArrayList<>();
    private Path seedDir;

    /**
     * Creates the output of one benchmark.
     *
     * @param dir where reports go, or null for none
     * @param settings the benchmark's settings as the user gave them, shown on every run's page
     * @param progress who hears the runs train and evaluate, or null
     * @param loading who hears the data files read, or null
     */
    public BenchOutput(Path dir, Map<String, String> settings, RunListener progress, LoadProgress loading) {
        this.dir = dir;
        this.settings = Map.copyOf(settings);
        this.progress = progress;
        this.loading = loading == null ? LoadProgress.NONE : loading;
        this.seedDir = dir;
    }

    /**
     * Starts the runs of one seed of several: their reports go to {@code seed-N} under the
     * directory.
     *
     * @param seed the seed
     */
    public void seed(long seed) {
        seedDir = dir == null ? null : dir.resolve("seed-" + seed);
        System.out.println("== seed " + seed + " ==");
    }

    /**
     * Loads Fashion-MNIST with the loading progress shown.
     *
     * @param data the directory, or null for the default places
     * @param train which split
     * @return the data
     */
    public ImageSet fashionMnist(Path data, boolean train) {
        return Datasets.fashionMnist(data, train, loading);
    }

    /**
     * Fits a run with progress shown: a compared run as {@link #fit(String, RunBuilder)}
     * does, any other (a warm-up, a probe) as {@link #warmUp}.
     *
     * @param name the run's name
     * @param compared whether the run is one of those the benchmark compares
     * @param run the run's builder
     * @return its report
     */
    public TrainingReport fit(String name, boolean compared, RunBuilder run) {
        return compared ? fit(name, run) : warmUp(run);
    }

    /**
     * Fits a run that is not compared (a warm-up), with progress shown.
     *
     * @param run the run's builder
     * @return its report
     */
    public TrainingReport warmUp(RunBuilder run) {
        return watched(run).fit();
    }

    /**
     * Fits a compared run: with progress shown, and with a report directory, its {@code
     * report.json} and {@code report.html} written into a sub-directory named after it.
     *
     * @param name the run's name, e.g. {@code b 8-8-8}
     * @param run the run's builder
     * @return its report
     */
    public TrainingReport fit(String name, RunBuilder run) {
        Path runDir = seedDir == null ? null : seedDir.resolve(directoryName(name));
        TrainingReport report = watched(run).report(runDir).fit();
        runs.computeIfAbsent(name, k -> new ArrayList<>()).add(report);
        if (runDir != null) {
            Map<String, String> page = new LinkedHashMap<>(settings);
            page.put("benchmark run", name);
            RunPage.write(report, page, runDir);
        }
        return report;
    }

    /**
     * Writes {@code compare.html} across the runs fitted so far, with a report directory, and
     * says where.
     *
     * @param target the validation accuracy of the "to target" columns, or null for the lowest of
     *     the runs' best validation accuracies (the level every run reached); over several seeds, each
     *     seed's runs are measured against the target that seed gave
     * @return the page, or null without a report directory
     */
    public Path compare(Double target) {
        if (target != null) {
            targets.add(target);
        }
        if (dir == null || runs.isEmpty()) {
            return null;
        }
        Path page = ComparisonPage.write(runs, targets(), null, Set.of(), dir);
        System.out.println("wrote " + page + " and the runs' reports in " + dir);
        return page;
    }

    /**
     * Prints every compared run's figures as the mean and range over the seeds run so far.
     *
     * @param seeds the seeds, as the user gave them
     */
    public void summary(List<Long> seeds) {
        List<Double> t = targets();
        System.out.println("over seeds " + seeds + " (mean, range in brackets; target validation accuracy "
                + String.join(
                        ", ",
                        t.stream()
                                .map(v -> String.format(Locale.ROOT, "%.4f", v))
                                .toList()) + "):");
        System.out.println(String.join(" | ", ComparisonPage.COLUMNS));
        ComparisonPage.rows(ComparisonPage.lines(runs, t), null, Set.of())
                .forEach(r -> System.out.println(String.join(" | ", r)));
    }

    /** The targets the seeds gave (one each), or the level every run reached. */
    private List<Double> targets() {
        return targets.isEmpty() ? List.of(reachedByAll()) : List.copyOf(targets);
    }

    private double reachedByAll() {
        return runs.values().stream()
                .flatMap(List::stream)
                .map(TrainingReport::bestValidationAccuracy)
                .mapToDouble(best -> best == null ? 1.0 : best)
                .min()
                .orElse(1.0);
    }

    private RunBuilder watched(RunBuilder run) {
        return progress == null ? run : run.listener(progress);
    }

    /**
     * The directory of a run: its name in lower case with every run of other characters than
     * letters and digits made one dash, e.g. {@code b 8-8-8} to {@code b-8-8-8}.
     *
     * @param name the run's name
     * @return the directory's name
     */
    static String directoryName(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return s.replaceAll("^-|-$", "");
    }
}
