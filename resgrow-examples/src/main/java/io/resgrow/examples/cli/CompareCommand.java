package io.resgrow.examples.cli;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.cluster.JobRunner;
import io.resgrow.core.cluster.JobRunnerProvider;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.report.ComparisonPage;
import io.resgrow.examples.report.ReportFile;
import io.resgrow.models.vgg.VggConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains several strategies one after another (or, with {@code --spark}, as Spark tasks) on the same
 * data, seeds and epoch budget (and/or
 * reads finished runs), then writes {@code compare.html}: the curves on shared axes (mean over the
 * seeds, range shaded) and a table of epochs, final accuracy, time, FLOPs, and time and FLOPs to a
 * target accuracy, by default plain training's final validation accuracy (of the same seed) less half
 * a point.
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
                    + " validation accuracy of the same seed less half a point (default: ${DEFAULT-VALUE})")
    String target;

    /** {@code --target}'s value that derives the target from the plain runs. */
    static final String PLAIN_TARGET = "plain";

    /** How far below plain's final validation accuracy the derived target lies. */
    static final double PLAIN_MARGIN = 0.005;

    @Option(
            names = "--epochs",
            defaultValue = "15",
            description = "epoch budget of each strategy: plain's epochs,"
                    + " multilevel's three cycles, incremental's cap per stage x its sub-networks with one look-ahead"
                    + " epoch per growth, partitioned's branches (each"
                    + " branch's epoch a K-th of one) and its head"
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

    @Option(
            names = "--blocks",
            defaultValue = "4,4,4",
            description = "blocks per stage of the final ResNet of plain, multilevel and incremental; multilevel starts"
                    + " at a quarter and doubles twice, so each must divide by 4 (default: ${DEFAULT-VALUE})")
    String blocks;

    /** How much shallower multilevel's first cycle is than its last (three cycles: two doublings). */
    static final int MULTILEVEL_START = 4;

    @Option(
            names = "--reuse",
            description = "read a run whose report.json is already under --out (trained by an earlier compare with the"
                    + " same options) instead of training it again")
    boolean reuse;

    /** The finished runs {@code --reuse} read, by directory. */
    private Map<Path, TrainingReport> reusable = Map.of();

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

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = "train the runs as Spark tasks on this master, one run per task (local-cluster[2,1,1024],"
                    + " spark://host:7077); --out and the data must be on storage every executor mounts; needs"
                    + " resgrow-spark and Spark on the class path (docs/spark.md)")
    String spark;

    /** {@code --spark}'s provider, found before any run. */
    private JobRunnerProvider sparkProvider;

    /** Runs the trainings instead of {@code --spark}'s runner or this process (tests set it). */
    JobRunner runner;

    @Override
    public Integer call() {
        Map<String, List<TrainingReport>> reports = validate();
        Map<String, List<TrainingReport>> trained = train();
        reports.putAll(trained);
        List<Double> t = targets(reports);
        Integer budget = strategies.isEmpty() ? null : epochs;
        Set<String> budgeted = Set.copyOf(strategies);
        Path page = ComparisonPage.write(reports, t, budget, budgeted, out);
        System.out.println("target validation accuracy "
                + String.join(
                        ", ",
                        t.stream()
                                .map(v -> String.format(Locale.ROOT, "%.4f", v))
                                .toList())
                + (t.size() > 1 ? " (seeds " + seeds + ")" : ""));
        System.out.println(String.join(" | ", ComparisonPage.COLUMNS));
        ComparisonPage.rows(ComparisonPage.lines(reports, t), budget, budgeted)
                .forEach(row -> System.out.println(String.join(" | ", row)));
        System.out.println("wrote " + page);
        return 0;
    }

    /**
     * Trains every run {@code --reuse} did not find, through the job runner ({@code --spark}'s, or
     * one after the other here), then reads every run's report.
     *
     * @return strategy to its reports, one per seed
     */
    private Map<String, List<TrainingReport>> train() {
        List<TrainJob> todo = new ArrayList<>();
        for (long seed : seeds) {
            for (String s : strategies) {
                Path dir = runDir(s, seed);
                if (reusable.containsKey(dir)) {
                    System.out.println("== " + s + " (seed " + seed + "): read from " + dir + " ==");
                } else {
                    todo.add(new TrainJob(s + " (seed " + seed + ")", trainArgs(s, seed, dir)));
                }
            }
        }
        if (!todo.isEmpty()) {
            CompareJobs.run(todo, runner, sparkProvider, spark, out);
        }
        Map<String, List<TrainingReport>> trained = new LinkedHashMap<>();
        for (long seed : seeds) {
            for (String s : strategies) {
                Path dir = runDir(s, seed);
                TrainingReport report = reusable.get(dir);
                trained.computeIfAbsent(s, k -> new ArrayList<>())
                        .add(report != null ? report : ReportFile.read("--strategies", dir));
            }
        }
        return trained;
    }

    /** A run's directory, {@code OUT/STRATEGY/seed-N}: a later compare with more seeds can reuse it. */
    Path runDir(String strategy, long seed) {
        return out.resolve(strategy).resolve("seed-" + seed);
    }

    /**
     * The target accuracy of each seed: {@code --target}'s number, or the plain run's final validation
     * accuracy of that seed less {@link #PLAIN_MARGIN}.
     */
    private List<Double> targets(Map<String, List<TrainingReport>> reports) {
        if (!target.equals(PLAIN_TARGET)) {
            return List.of(Double.parseDouble(target));
        }
        List<Double> perSeed = new ArrayList<>();
        for (TrainingReport r : reports.get(ComparisonPage.PLAIN)) {
            Double last = r.epochs().stream()
                    .map(e -> e.validationAccuracy())
                    .filter(v -> v != null)
                    .reduce((x, y) -> y)
                    .orElseThrow(() -> new IllegalStateException(
                            "--target plain: a plain run has no validation accuracy; give --target with a number"));
            perSeed.add(last - PLAIN_MARGIN);
        }
        return perSeed;
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
        if (spark != null) {
            sparkProvider = JobRunnerProvider.find("spark", "--spark", spark);
            // the runs resolve paths on the executors, whose working directories are their own
            out = out.toAbsolutePath();
            if (!DataChoice.NAMES.contains(data)) {
                data = Path.of(data).toAbsolutePath().toString();
            }
        }
        checkBlocks();
        long first = seeds.get(0);
        for (String s : strategies) {
            Path dir = runDir(s, first);
            // compare's own options first, so that an error there is not blamed on --with
            ComparePreflight.check(s, null, trainArgs(s, first, dir, List.of()), data, spark != null);
            if (extra.get(s) != null) {
                ComparePreflight.check(s, extra.get(s), trainArgs(s, first, dir), data, spark != null);
            }
        }
        if (reuse) {
            reusable = readReusable();
        }
        Map<String, List<TrainingReport>> reports = new LinkedHashMap<>();
        for (Path run : runs) {
            reports.put(run.getFileName().toString(), List.of(ReportFile.read("--runs", run)));
        }
        return reports;
    }

    private void checkBlocks() {
        int[] b = OptionValues.positiveInts("--blocks", blocks);
        if (strategies.contains("multilevel") && Arrays.stream(b).anyMatch(n -> n % MULTILEVEL_START != 0)) {
            throw new InvalidSettingException(
                    "--blocks",
                    blocks,
                    "blocks per stage that divide by " + MULTILEVEL_START
                            + " (multilevel starts at a quarter of them and doubles twice to end at the same network)",
                    "use e.g. --blocks 4,4,4");
        }
    }

    /**
     * Reads every run {@code --reuse} finds, once, after checking it was trained with the command
     * line this compare gives it.
     *
     * @return run directory to its report
     */
    private Map<Path, TrainingReport> readReusable() {
        Map<Path, TrainingReport> found = new HashMap<>();
        for (long seed : seeds) {
            for (String s : strategies) {
                Path dir = runDir(s, seed);
                if (Files.isRegularFile(dir.resolve(ReportFile.NAME))) {
                    String expected = "resgrow " + String.join(" ", trainArgs(s, seed, dir));
                    TrainingReport report = ReportFile.read("--reuse", dir);
                    String by = report.provenance().get("command line");
                    if (!expected.equals(by)) {
                        throw new InvalidSettingException(
                                "--reuse",
                                dir + " (trained by: " + by + ")",
                                "runs trained by: " + expected,
                                "give compare the options of the earlier run, another --out, or drop --reuse");
                    }
                    found.put(dir, report);
                }
            }
        }
        return found;
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
        String more = extra.get(strategy);
        List<String> own = more == null || more.isBlank()
                ? List.of()
                : Arrays.asList(more.trim().split("\\s+"));
        return trainArgs(strategy, seed, dir, own);
    }

    private List<String> trainArgs(String strategy, long seed, Path dir, List<String> own) {
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
        // a VGG (--with STRATEGY="--arch vgg ...") is set by its own options, not the ResNet's
        boolean vgg = CompareBudget.vgg(own);
        if (!strategy.equals("partitioned") && !vgg) {
            addIfSet(a, "--blocks", strategy.equals("multilevel") ? quarter(blocks) : blocks);
            addIfSet(a, "--widths", widths);
        }
        int parts = !strategy.equals("incremental") ? 1 : vgg ? VggConfig.GROUPS : resNetParts();
        a.addAll(CompareBudget.options(strategy, epochs, own, parts));
        a.addAll(own);
        return a;
    }

    /**
     * The sub-networks incremental grows the ResNet of {@code --blocks} and {@code --widths} through,
     * as the growing network itself partitions it (by width: 3 for the defaults, 1 for one width).
     */
    private int resNetParts() {
        try {
            return ResNetOptions.builder(blocks, widths, ComparePreflight.NAMED_SAMPLE, ComparePreflight.NAMED_CLASSES)
                    .buildGrowing(ComparePreflight.NAMED_SAMPLE)
                    .subNetworks()
                    .size();
        } catch (InvalidSettingException e) {
            // settings that build no ResNet: the preflight refuses this line under the options as typed
            return 1;
        }
    }

    /** Blocks per stage divided by {@link #MULTILEVEL_START}: multilevel's first cycle. */
    private static String quarter(String blocks) {
        return String.join(
                ",",
                Arrays.stream(blocks.split(","))
                        .map(b -> Integer.toString(Integer.parseInt(b.trim()) / MULTILEVEL_START))
                        .toList());
    }

    private static void addIfSet(List<String> args, String option, String value) {
        if (value != null) {
            args.addAll(List.of(option, value));
        }
    }
}
