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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a benchmark's trainings give besides the figures it prints: progress while data loads and
 * runs train, and, with a report directory, every compared run's {@code report.json} and {@code
 * report.html} (with PNG charts) in a sub-directory named after the run, and one {@code
 * compare.html} across the runs ({@link ComparisonPage}) in the directory itself. Warm-up runs are
 * not reported.
 */
public final class BenchOutput {

    private final Path dir;
    private final Map<String, String> settings;
    private final RunListener progress;
    private final LoadProgress loading;
    private final Map<String, TrainingReport> runs = new LinkedHashMap<>();

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
        Path runDir = dir == null ? null : dir.resolve(directoryName(name));
        TrainingReport report = watched(run).report(runDir).fit();
        runs.put(name, report);
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
     *     the runs' best validation accuracies (the level every run reached)
     * @return the page, or null without a report directory
     */
    public Path compare(Double target) {
        if (dir == null || runs.isEmpty()) {
            return null;
        }
        Path page = ComparisonPage.write(runs, target != null ? target : reachedByAll(), dir);
        System.out.println("wrote " + page + " and the runs' reports in " + dir);
        return page;
    }

    private double reachedByAll() {
        return runs.values().stream()
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
