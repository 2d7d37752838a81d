package io.resgrow.examples.cli;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.report.ComparisonPage;
import io.resgrow.examples.report.ComparisonRow;
import io.resgrow.examples.report.ReportFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains several strategies one after another on the same data, seed and epoch budget (and/or
 * reads finished runs), then writes {@code compare.html}: the curves on shared axes and a table of
 * final accuracy, time, FLOPs, and time and FLOPs to a target accuracy.
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
            defaultValue = "0.8",
            description = "validation accuracy for the time- and FLOPs-to-target columns (default: ${DEFAULT-VALUE})")
    double target;

    @Option(
            names = "--epochs",
            defaultValue = "15",
            description = "epoch budget of each strategy: plain's epochs,"
                    + " multilevel's three cycles, incremental's cap per stage x 3, partitioned's three stages"
                    + " (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--data", defaultValue = "sample", description = "as for train (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--seed", defaultValue = "42", description = "seed of every run (default: ${DEFAULT-VALUE})")
    long seed;

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
        Map<String, TrainingReport> reports = validate();
        for (String s : strategies) {
            System.out.println("== " + s + " ==");
            Path dir = out.resolve(s);
            List<String> args = trainArgs(s, dir);
            int code = ResgrowCli.execute(args.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException(
                        "the " + s + " run failed (exit code " + code + "): resgrow " + String.join(" ", args));
            }
            reports.put(s, ReportFile.read("--strategies", dir));
        }
        Path page = ComparisonPage.write(reports, target, out);
        System.out.println(String.join(" | ", ComparisonPage.COLUMNS));
        reports.forEach((name, r) -> System.out.println(
                String.join(" | ", ComparisonRow.of(name, r, target).cells())));
        System.out.println("wrote " + page);
        return 0;
    }

    /**
     * Checks the options before any run starts.
     *
     * @return the finished runs' reports ({@code --runs}), read once here, by directory name
     */
    private Map<String, TrainingReport> validate() {
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
        if (!(target > 0 && target <= 1)) {
            throw new InvalidSettingException("--target", target, "an accuracy in (0, 1]", "use e.g. --target 0.8");
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
        Map<String, TrainingReport> reports = new LinkedHashMap<>();
        for (Path run : runs) {
            reports.put(run.getFileName().toString(), ReportFile.read("--runs", run));
        }
        return reports;
    }

    /**
     * The {@code train} command line of one strategy under the shared budget.
     *
     * @param strategy the strategy
     * @param dir its report directory
     * @return the arguments
     */
    List<String> trainArgs(String strategy, Path dir) {
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
        switch (strategy) {
            case "plain" -> a.addAll(List.of("--epochs", Integer.toString(epochs)));
            case "multilevel" -> a.addAll(List.of("--cycles", split(epochs)));
            case "incremental" ->
                a.addAll(List.of("--max-epochs-per-stage", Integer.toString(Math.max(1, (epochs + 2) / 3))));
            default -> a.addAll(List.of("--stage-epochs", split(epochs)));
        }
        String more = extra.get(strategy);
        if (more != null && !more.isBlank()) {
            a.addAll(Arrays.asList(more.trim().split("\\s+")));
        }
        return a;
    }

    private static void addIfSet(List<String> args, String option, String value) {
        if (value != null) {
            args.addAll(List.of(option, value));
        }
    }

    /**
     * Splits an epoch budget of at least 3 into three parts as even as possible, e.g. 7 into 3,2,2.
     *
     * @param budget the epochs
     * @return the parts, comma-separated
     */
    static String split(int budget) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(Integer.toString(budget / 3 + (i < budget % 3 ? 1 : 0)));
        }
        return String.join(",", out);
    }
}
