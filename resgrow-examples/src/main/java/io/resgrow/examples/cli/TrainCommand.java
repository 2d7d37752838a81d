package io.resgrow.examples.cli;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.report.RunPage;
import io.resgrow.strategies.incremental.ValueAdded;
import io.resgrow.strategies.partitioned.PartitionedTable;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Trains a pre-activation ResNet with a strategy and prints {@code test_accuracy=.. seconds=..
 * params_sha256=.. peak_rss_mib=..} (the process's peak resident memory).
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a network with a strategy and print the result: train STRATEGY [options]; each"
                + " strategy's --help lists its options.",
        subcommands = {
            PlainCommand.class,
            MultiLevelCommand.class,
            IncrementalCommand.class,
            PartitionedCommand.class,
            ModelParallelCommand.class
        })
public final class TrainCommand implements Callable<Integer>, RunAction {

    @Option(names = "--strategy", hidden = true, description = "the strategy (the alias of train STRATEGY)")
    String strategy;

    @Option(
            names = "--html",
            scope = ScopeType.INHERIT,
            description = "with --report DIR: also write DIR/report.html and PNG charts")
    boolean html;

    @Option(
            names = "--save",
            scope = ScopeType.INHERIT,
            description = "write the trained network to DIR (DJL's"
                    + " format plus model.json) for resgrow evaluate and DJL's Model/Predictor")
    Path save;

    @Override
    public Integer call() {
        // reached only through the --strategy alias with a strategy of no such name
        throw new InvalidSettingException(
                "--strategy",
                strategy,
                "plain, multilevel, incremental, partitioned or modelparallel",
                "use --strategy plain, multilevel, incremental, partitioned or modelparallel");
    }

    @Override
    public int run(TrainSetup setup) {
        RunOptions options = setup.options();
        if (html && options.report() == null) {
            throw new InvalidSettingException(
                    "--html",
                    true,
                    "--html together with --report DIR",
                    "add --report with the directory for report.json, report.html and the charts");
        }
        setup.saveTo(save);
        String header = setup.header();
        System.out.println(header);
        Map<String, String> provenance = CommandProvenance.of(setup.spec(), header, options.seed(), options.data());
        setup.provenance(provenance);
        TrainingReport result = setup.fit();
        if (options.report() != null) {
            // report.json holds it too (with the run's settings); the separate file stays for older readers
            CommandProvenance.write(provenance, options.report());
        }
        if (html) {
            RunPage.write(result, result.provenance(), options.report());
        }
        ValueAdded added = ValueAdded.of(result);
        if (!added.rows().isEmpty()) {
            System.out.print(added);
        }
        PartitionedTable stages = PartitionedTable.of(result);
        if (!stages.rows().isEmpty()) {
            System.out.print(stages);
        }
        result.events().stream()
                .filter(e -> e.type().equals("placement"))
                .reduce((a, b) -> b)
                .ifPresent(e -> System.out.println("placement: " + e.detail()));
        System.out.println(line(result));
        return 0;
    }

    /**
     * Prepares the run a {@code train} command line describes, without running it (for the
     * benchmarks that time a real training epoch).
     *
     * @param args the arguments after {@code train}, e.g. {@code plain --epochs 1} (or the
     *     {@code --strategy} alias form, plain without it)
     * @return the prepared run
     */
    public static TrainSetup.Prepared prepare(String... args) {
        String[] line = new String[args.length + 1];
        line[0] = "train";
        System.arraycopy(args, 0, line, 1, args.length);
        CommandLine.ParseResult parsed = new CommandLine(new ResgrowCli()).parseArgs(StrategyAlias.rewrite(line));
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return new TrainSetup((RunCommand) parsed.commandSpec().userObject()).prepare();
    }

    /** The process's peak resident memory in MiB, or {@code n/a} where /proc is missing. */
    private static String peakRssMib() {
        try {
            return Long.toString(ProcessMemory.peakRssKiB() / 1024);
        } catch (RuntimeException e) {
            return "n/a";
        }
    }

    static String line(TrainingReport result) {
        return String.format(
                Locale.ROOT,
                "test_accuracy=%.4f seconds=%.1f params_sha256=%s peak_rss_mib=%s",
                result.testAccuracy(),
                result.seconds(),
                result.paramsSha256(),
                peakRssMib());
    }
}
