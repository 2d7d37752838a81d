package io.resgrow.examples.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --strategy NAME} form of {@code train} and {@code analyze}, kept for one release as an
 * alias of the subcommands: {@code train --strategy multilevel --cycles 2,2,2} runs as {@code train
 * multilevel --cycles 2,2,2}, {@code --strategy modelparallel --inner multilevel} as {@code
 * modelparallel multilevel}, and no strategy at all as {@code plain}. A name that is no strategy
 * reaches the command, whose error says what is valid.
 */
public final class StrategyAlias {

    /** The strategies of {@code train} and {@code analyze}. */
    static final List<String> STRATEGIES =
            List.of("plain", "multilevel", "incremental", "partitioned", "modelparallel");

    private static final List<String> HELP = List.of("-h", "--help", "-V", "--version", "help");

    private StrategyAlias() {}

    /**
     * Rewrites a command line from the alias form to the subcommand form; any other line is
     * returned as it is.
     *
     * @param args the command line
     * @return the subcommand form
     */
    public static String[] rewrite(String... args) {
        if (args.length == 0 || !(args[0].equals("train") || args[0].equals("analyze"))) {
            return args;
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        if (!rest.isEmpty() && rest.get(0).equals("modelparallel")) {
            rest.remove(0);
            return line(args[0], List.of("modelparallel"), inner(rest));
        }
        if (!rest.isEmpty() && (STRATEGIES.contains(rest.get(0)) || rest.size() == 1 && HELP.contains(rest.get(0)))) {
            return args;
        }
        String strategy = take(rest, "--strategy");
        if (strategy == null) {
            return line(args[0], List.of("plain"), rest);
        }
        if (!STRATEGIES.contains(strategy)) {
            return new String[] {args[0], "--strategy", strategy};
        }
        if (strategy.equals("modelparallel")) {
            String inner = take(rest, "--inner");
            if (inner != null && !ModelParallelCommand.INNER.contains(inner)) {
                return new String[] {args[0], "modelparallel", "--inner", inner};
            }
            return line(args[0], List.of("modelparallel", inner != null ? inner : "plain"), rest);
        }
        return line(args[0], List.of(strategy), rest);
    }

    /** The options after {@code modelparallel}, with the wrapped strategy first (plain if none is named). */
    private static List<String> inner(List<String> rest) {
        if (rest.isEmpty() || !(ModelParallelCommand.INNER.contains(rest.get(0)) || HELP.contains(rest.get(0)))) {
            rest.add(0, "plain");
        }
        return rest;
    }

    private static String[] line(String command, List<String> names, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(command);
        out.addAll(names);
        out.addAll(rest);
        return out.toArray(String[]::new);
    }

    /** Removes {@code option VALUE} or {@code option=VALUE} from the arguments and returns the value, or null. */
    private static String take(List<String> rest, String option) {
        int i = OptionValues.indexOf(rest, option);
        if (i < 0) {
            return null;
        }
        String a = rest.remove(i);
        return a.equals(option) ? rest.remove(i) : a.substring(option.length() + 1);
    }
}
