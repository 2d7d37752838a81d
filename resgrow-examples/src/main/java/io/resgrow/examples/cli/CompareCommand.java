package io.resgrow.examples.cli;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.report.ComparisonPage;
import io.resgrow.examples.report.ReportFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains several strategies one after another on the same data, seeds and epoch budget (and/or
 * reads finished runs), then writes {@code compare.html}: the curves on shared axes (mean over the
 * seeds, range shaded) and a table of epochs, final accuracy, time, FLOPs, and time and FLOPs to a
 * target accuracy, by default plain training's final validation accuracy less half a point.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Train strategies one after another (or read finished runs) and compare them in compare.html.")
public final class CompareCommand implements Callable<Integer> {

    /** The strategies {@code compare} can train. */
    static final List<String> STRATEGIES = List.of("plain", "multilevel", "incremental", "partitioned");

    @Option(
            names = "--strategies",
            split = ",",
            description = "strategies to train, e.g. plain,multilevel,incremental," + "partitioned")
    List<String> strategies = new ArrayList<>();

    @Option(
            names = "--runs",
            split = ",",
            description = "finished runs' directories (given to train --report) to" + " compare as well")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--out", required = true, description = "where to write compare.html, the charts and each new run")
    Path out;

    @Option(
            names = "--target",
            defaultValue = PLAIN_TARGET,
            description = "validation accuracy for the time- and FLOPs-to-target columns, or plain: plain's final"
                    + " validation accuracy (mean over the seeds) less half a point (default: ${DEFAULT-VALUE})")
    String target;

    /** {@code --target}'s value that derives the target from the plain runs. */
    static final String PLAIN_TARGET = "plain";

    /** How far below plain's final validation accuracy the derived target lies. */
    static final double PLAIN_MARGIN = 0.005;

    @Option(
            names = "--epochs",
            defaultValue = "15",
            description = "epoch budget of each strategy: plain's epochs,"
                    + " multilevel's three cycles, incremental's cap per stage x 3, partitioned's three stages"
                    + " (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--data", defaultValue = "sample", description = "as for train (default: ${DEFAULT-VALUE})")
    String data;

    @Option(
            names = {"--seeds", "--seed"},
            split = ",",
            defaultValue = "42",
            description = "seeds: every strategy trains once per seed and the table and curves give the mean and"
                    + " range, e.g. --seeds 1,2,3 (default: ${DEFAULT-VALUE})")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--train-limit", description = "use only the first N training images")
    Integer trainLimit;

    @Option(names = "--blocks", description = "blocks per stage of the ResNet (plain, multilevel's start, incremental)")
    String blocks;

    @Option(names = "--widths", description = "widths per stage of the ResNet (plain, multilevel, incremental)")
    String widths;

    @Option(
            names = "--threads",
            description =
                    "libtorch's intra-op threads of every run (default: the processors this" + " process may use)")
    Integer threads;

    @Option(
            names = "--with",
            paramLabel = "STRATEGY=OPTIONS",
            description =
                    "more train options for one strategy," + " e.g. --with partitioned=\"--branches 2 --widen 1\"")
    Map<String, String> extra = new LinkedHashMap<>();

    @Override
    public Integer call() {
        Map<String, List<TrainingReport>> reports = validate();
        Map<String, List<TrainingReport>> trained = new LinkedHashMap<>();
        for (long seed : seeds) {
            for (String s : strategies) {
                System.out.println("== " + s + " (seed " + seed + ") ==");
                Path dir = runDir(s, seed);
                List<String> args = trainArgs(s, seed, dir);
                int code = ResgrowCli.execute(args.toArray(String[]::new));
                if (code != 0) {
                    throw new IllegalStateException(
                            "the " + s + " run failed (exit code " + code + "): resgrow " + String.join(" ", args));
                }
                trained.computeIfAbsent(s, k -> new ArrayList<>()).add(ReportFile.read("--strategies", dir));
            }
        }
        reports.putAll(trained);
        double t = target(reports);
        Integer budget = strategies.isEmpty() ? null : epochs;
        Set<String> budgeted = Set.copyOf(strategies);
        Path page = ComparisonPage.write(reports, t, budget, budgeted, out);
        System.out.println("target validation accuracy " + String.format(Locale.ROOT, "%.4f", t));
        System.out.println(String.join(" | ", ComparisonPage.COLUMNS));
        ComparisonPage.rows(ComparisonPage.lines(reports, t), budget, budgeted)
                .forEach(row -> System.out.println(String.join(" | ", row)));
        System.out.println("wrote " + page);
        return 0;
    }

    /** A run's directory: {@code OUT/STRATEGY}, or {@code OUT/STRATEGY/seed-N} with several seeds. */
    Path runDir(String strategy, long seed) {
        return seeds.size() == 1 ? out.resolve(strategy) : out.resolve(strategy).resolve("seed-" + seed);
    }

    /** The target accuracy: {@code --target}'s number, or plain's final validation accuracy less the margin. */
    private double target(Map<String, List<TrainingReport>> reports) {
        if (!target.equals(PLAIN_TARGET)) {
            return Double.parseDouble(target);
        }
        double sum = 0;
        int n = 0;
        for (TrainingReport r : reports.get(ComparisonPage.PLAIN)) {
            Double last = r.epochs().stream()
                    .map(e -> e.validationAccuracy())
                    .filter(v -> v != null)
                    .reduce((x, y) -> y)
                    .orElse(null);
            if (last != null) {
                sum += last;
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalStateException(
                    "--target plain: the plain runs have no validation accuracy; give --target with a number");
        }
        return sum / n - PLAIN_MARGIN;
    }

    /**
     * Checks the options before any run starts.
     *
     * @return the finished runs' reports ({@code --runs}), read once here, by directory name
     */
    private Map<String, List<TrainingReport>> validate() {
        if (strategies.isEmpty() && runs.isEmpty()) {
            throw new InvalidSettingException(
                    "--strategies",
                    "nothing",
                    "strategies to train or --runs to read",
                    "add --strategies plain,multilevel or --runs DIR,DIR");
        }
        for (String s : strategies) {
            if (!STRATEGIES.contains(s)) {
                throw new InvalidSettingException(
                        "--strategies",
                        String.join(",", strategies),
                        "a comma-separated list of " + String.join(", ", STRATEGIES),
                        "drop or correct " + s);
            }
        }
        for (String s : extra.keySet()) {
            if (!strategies.contains(s)) {
                throw new InvalidSettingException(
                        "--with",
                        s + "=" + extra.get(s),
                        "a strategy of --strategies",
                        "add " + s + " to --strategies or drop the --with");
            }
        }
        checkTarget();
        if (seeds.isEmpty() || seeds.size() != seeds.stream().distinct().count()) {
            throw new InvalidSettingException(
                    "--seeds", seeds, "one or more different seeds", "give e.g. --seeds 1,2,3");
        }
        if (epochs < 3) {
            throw new InvalidSettingException(
                    "--epochs",
                    epochs,
                    "an integer >= 3 (three cycles or stages)",
                    "give each strategy at least 3 epochs");
        }
        if (threads != null) {
            IntraOpThreads.check("--threads", threads);
        }
        OutputDirs.checkWritable("--out", out);
        Map<String, List<TrainingReport>> reports = new LinkedHashMap<>();
        for (Path run : runs) {
            reports.put(run.getFileName().toString(), List.of(ReportFile.read("--runs", run)));
        }
        return reports;
    }

    private void checkTarget() {
        if (target.equals(PLAIN_TARGET)) {
            if (!strategies.contains(ComparisonPage.PLAIN)) {
                throw new InvalidSettingException(
                        "--target",
                        target,
                        "an accuracy in (0, 1], or plain when --strategies trains plain",
                        "add plain to --strategies or give e.g. --target 0.8");
            }
            return;
        }
        double t;
        try {
            t = Double.parseDouble(target);
        } catch (NumberFormatException e) {
            t = Double.NaN;
        }
        if (!(t > 0 && t <= 1)) {
            throw new InvalidSettingException(
                    "--target", target, "an accuracy in (0, 1], or plain", "use e.g. --target 0.8");
        }
    }

    /**
     * The {@code train} command line of one strategy under the shared budget.
     *
     * @param strategy the strategy
     * @param seed the run's seed
     * @param dir its report directory
     * @return the arguments
     */
    List<String> trainArgs(String strategy, long seed, Path dir) {
        List<String> a = new ArrayList<>(List.of(
                "train",
                strategy,
                "--data",
                data,
                "--seed",
                Long.toString(seed),
                "--quiet",
                "--report",
                dir.toString(),
                "--html"));
        if (trainLimit != null) {
            a.addAll(List.of("--train-limit", trainLimit.toString()));
        }
        if (threads != null) {
            a.addAll(List.of("--threads", threads.toString()));
        }
        if (!strategy.equals("partitioned")) {
            addIfSet(a, "--blocks", blocks);
            addIfSet(a, "--widths", widths);
        }
        String more = extra.get(strategy);
        List<String> own = more == null || more.isBlank()
                ? List.of()
                : Arrays.asList(more.trim().split("\\s+"));
        a.addAll(CompareBudget.options(strategy, epochs, own));
        a.addAll(own);
        return a;
    }

    private static void addIfSet(List<String> args, String option, String value) {
        if (value != null) {
            args.addAll(List.of(option, value));
        }
    }
}
