package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.InvalidSettingException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Checks every strategy's {@code train} command line before {@code compare} trains anything, so
 * that a wrong {@code --with} fails at once instead of after the strategies before it trained: the
 * line is parsed as {@code train} parses it, its options are checked under their own names, and,
 * for the named data sets (all 1x28x28 images of 10 classes), the network is built for their
 * images (a VGG too small for them is refused here). A directory's images are only known once read,
 * so for one the network's check waits for its run. {@code compare} checks each line without its
 * {@code --with} options first, so that an error in its own options is not blamed on them.
 */
final class ComparePreflight {

    /** The shape of one image of every named data set ({@link DataChoice#NAMES}). */
    static final Shape NAMED_SAMPLE = new Shape(1, 28, 28);

    /** The classes of every named data set. */
    static final int NAMED_CLASSES = 10;

    private ComparePreflight() {}

    /**
     * Checks one strategy's command line.
     *
     * @param strategy the strategy
     * @param with its {@code --with} options, or null
     * @param args its whole {@code train} command line
     * @param data {@code --data}
     * @param elsewhere whether the runs train on other machines ({@code --spark}): this machine's
     *     cores and directories say nothing about theirs, so only the values themselves are checked
     * @throws InvalidSettingException under {@code --with} (or the option's own name when no {@code
     *     --with} was given), with the {@code train} command's message
     */
    static void check(String strategy, String with, List<String> args, String data, boolean elsewhere) {
        try {
            ParseResult parsed = new CommandLine(new ResgrowCli()).parseArgs(args.toArray(String[]::new));
            while (parsed.hasSubcommand()) {
                parsed = parsed.subcommand();
            }
            RunCommand command = (RunCommand) parsed.commandSpec().userObject();
            command.run.check(!elsewhere);
            command.check();
            if (DataChoice.NAMES.contains(data)) {
                command.network(NAMED_SAMPLE, NAMED_CLASSES);
            }
        } catch (InvalidSettingException | CommandLine.ParameterException e) {
            if (with == null && e instanceof InvalidSettingException invalid) {
                throw invalid;
            }
            throw new InvalidSettingException(
                    "--with",
                    strategy + "=" + (with == null ? "" : with),
                    "options that train " + strategy + " takes with compare's (" + e.getMessage() + ")",
                    "correct the --with " + strategy + " options as the message in brackets says");
        }
    }
}
