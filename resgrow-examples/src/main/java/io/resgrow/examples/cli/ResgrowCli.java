package io.resgrow.examples.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code resgrow} command: {@code train}, {@code analyze}, {@code describe}, {@code make-sample}, {@code
 * report}, {@code compare}, {@code evaluate}.
 */
@Command(
        name = "resgrow",
        mixinStandardHelpOptions = true,
        version = "resgrow 0.1.0-SNAPSHOT",
        description = "Train residual networks by growing, partitioning and spreading them.",
        subcommands = {
            TrainCommand.class,
            AnalyzeCommand.class,
            DescribeCommand.class,
            MakeSampleCommand.class,
            ReportCommand.class,
            CompareCommand.class,
            EvaluateCommand.class
        })
public final class ResgrowCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
            names = "--stacktrace",
            scope = CommandLine.ScopeType.INHERIT,
            description = "on an error, print the full stack trace")
    boolean stacktrace;

    @CommandLine.Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "show the engine's log lines (DJL's platform, GPU and thread messages)")
    boolean verbose;

    /** The arguments as typed, before {@link StrategyAlias} rewrote them (the provenance records these). */
    List<String> typed;

    /**
     * Runs the command line and exits with its code; without {@code OMP_WAIT_POLICY} in the
     * environment the command sets it in its own before libtorch loads (see {@link Launcher}).
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        Launcher.main(ResgrowCli.class, ResgrowCli::execute, args);
    }

    /**
     * Runs the command line without exiting (for tests and scripts).
     *
     * @param args the arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        ResgrowCli root = new ResgrowCli();
        root.typed = List.of(args);
        CommandLine cli = new CommandLine(root);
        return execute(cli, () -> root.stacktrace, StrategyAlias.rewrite(args));
    }

    /**
     * Runs a command line with resgrow's error handling: an error as one line {@code error: ...}
     * (received, expected, fix) and its exit code, a wrong option with the command's help hint.
     *
     * @param cli the command line ({@code resgrow}, {@code resgrow-bench})
     * @param stacktrace whether {@code --stacktrace} was given, asked after parsing
     * @param args the arguments
     * @return the exit code
     */
    public static int execute(CommandLine cli, BooleanSupplier stacktrace, String... args) {
        EngineLogging.configure(Arrays.asList(args).contains("--verbose"));
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            PrintWriter err = line.getErr();
            err.println("error: " + ErrorText.of(ex));
            if (stacktrace.getAsBoolean()) {
                ex.printStackTrace(err);
            } else if (!ErrorText.isExpected(ex)) {
                err.println("(run again with --stacktrace for the full stack trace)");
            }
            err.flush();
            return ErrorText.exitCode(ex);
        });
        cli.setParameterExceptionHandler((ex, given) -> {
            CommandLine line = ex.getCommandLine();
            PrintWriter err = line.getErr();
            err.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Run '" + line.getCommandSpec().qualifiedName() + " --help' for the options.");
            err.flush();
            return ErrorText.INPUT;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
