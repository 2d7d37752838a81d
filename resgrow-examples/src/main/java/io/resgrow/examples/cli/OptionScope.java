package io.resgrow.examples.cli;

import io.resgrow.core.check.InvalidSettingException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Which {@code train} options each strategy takes, so that an option given to a strategy that
 * would ignore it is refused, not silently dropped: {@code --strategy multilevel --epochs 6} is an
 * error that names {@code --epochs} and says that multi-level runs last as long as their cycles.
 * Options not listed here (data, seed, batch size, checkpoints, reports) apply to every strategy.
 */
final class OptionScope {

    /**
     * Where an option applies.
     *
     * @param takers the strategies (or, for network options, the networks) that read the option
     * @param network whether the takers are networks ({@code resnet}, {@code vgg}, {@code monolith},
     *     {@code multires}) rather than strategies
     * @param fix what to use instead, for the error
     */
    private record Scope(Set<String> takers, boolean network, String fix) {}

    private static final Map<String, Scope> SCOPES = new LinkedHashMap<>();

    static {
        strategies("a multilevel run lasts as long as --cycles or --cycle-ends, an incremental one as"
                + " --max-epochs-per-stage and --ws allow, a partitioned one as --stage-epochs", List.of("plain"),
                "--epochs");
        strategies("multilevel's rates are --eta-max and --eta-min, partitioned's --stage-lrs",
                List.of("plain", "incremental"), "--lr");
        strategies("or use --strategy multilevel", List.of("multilevel"), "--cycles", "--cycle-ends",
                "--cycle-unit", "--eta-max", "--eta-min");
        strategies("or use --strategy incremental", List.of("incremental"), "--ws", "--gamma",
                "--lookahead-epochs", "--init", "--max-epochs-per-stage", "--tradeoff");
        strategies("or use --strategy incremental or modelparallel", List.of("incremental", "modelparallel"),
                "--arch");
        strategies("or use --strategy partitioned", List.of("partitioned"), "--subset", "--disjoint",
                "--stage-epochs", "--stage-lrs", "--stage-batch-sizes", "--scale-epochs", "--recompute-features",
                "--offload");
        strategies("or use --strategy modelparallel", List.of("modelparallel"), "--devices", "--groups",
                "--inner", "--placement");
        networks("partitioned and modelparallel networks are set by --depth and --widen",
                List.of("resnet", "multires-resnet"), "--blocks", "--widths");
        networks("a ResNet's depth is set by --blocks",
                List.of("vgg", "monolith", "multires"), "--depth");
        networks("only incremental --arch vgg scales widths", List.of("vgg"), "--width-scale");
        networks("only partitioned and modelparallel networks are widened", List.of("monolith", "multires"),
                "--widen");
        networks("or use --strategy partitioned", List.of("monolith"), "--branches", "--hidden");
        networks("or use --strategy modelparallel", List.of("multires", "multires-resnet"), "--k");
    }

    private OptionScope() {}

    /**
     * Lists, for {@code train --help}, the options each strategy and each network takes beyond the
     * common ones.
     *
     * @return one line per strategy or network, e.g. {@code multilevel: --cycles --cycle-ends ...}
     */
    static List<String> summary() {
        Map<String, List<String>> byTaker = new java.util.TreeMap<>();
        SCOPES.forEach((option, scope) -> scope.takers().forEach(t -> byTaker
                .computeIfAbsent((scope.network() ? "network " : "--strategy ") + t, k -> new java.util.ArrayList<>())
                .add(option)));
        return byTaker.entrySet().stream().map(e -> e.getKey() + ": " + String.join(" ", e.getValue())).toList();
    }

    private static void strategies(String fix, List<String> takers, String... options) {
        Arrays.stream(options).forEach(o -> SCOPES.put(o, new Scope(Set.copyOf(takers), false, fix)));
    }

    private static void networks(String fix, List<String> takers, String... options) {
        Arrays.stream(options).forEach(o -> SCOPES.put(o, new Scope(Set.copyOf(takers), true, fix)));
    }

    /**
     * Refuses the first option on the command line that the chosen strategy would not read.
     *
     * @param parsed the parsed command line (null outside picocli: nothing to check)
     * @param strategy {@code --strategy}
     * @param trained the strategy that trains the network ({@code --inner} inside modelparallel)
     * @param network the network the run builds: resnet, vgg, monolith, multires or multires-resnet
     */
    static void check(ParseResult parsed, String strategy, String trained, String network) {
        if (parsed == null) {
            return;
        }
        for (OptionSpec o : parsed.matchedOptions()) {
            for (String name : o.names()) {
                Scope s = SCOPES.get(name);
                boolean applies = s == null || (s.network() ? s.takers().contains(network)
                        : s.takers().contains(strategy) || s.takers().contains(trained));
                if (!applies) {
                    String shown = typed(parsed, o);
                    throw new InvalidSettingException(shown, o.getValue(), "an option of " + takers(s)
                            + " (--strategy " + describe(strategy, trained, network) + " would ignore it)",
                            "drop " + shown + "; " + s.fix());
                }
            }
        }
        if (parsed.hasMatchedOption("--cycles") && parsed.hasMatchedOption("--cycle-ends")) {
            throw new InvalidSettingException("--cycles", parsed.matchedOptionValue("--cycles", ""),
                    "--cycles or --cycle-ends, not both (--cycle-ends would win)",
                    "drop --cycles to end the cycles where --cycle-ends says, or drop --cycle-ends");
        }
    }

    /** The name the user wrote, of an option that has several ({@code --blocks}, {@code --start-blocks}). */
    private static String typed(ParseResult parsed, OptionSpec o) {
        for (String arg : parsed.originalArgs()) {
            for (String name : o.names()) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    return name;
                }
            }
        }
        return o.longestName();
    }

    private static String takers(Scope s) {
        return s.network() ? "the " + String.join(", ", s.takers().stream().sorted().toList()) + " networks"
                : "--strategy " + String.join(" or ", s.takers().stream().sorted().toList());
    }

    private static String describe(String strategy, String trained, String network) {
        if (!strategy.equals(trained)) {
            return strategy + " --inner " + trained;
        }
        return strategy.equals("incremental") ? strategy + " --arch " + network : strategy;
    }
}
