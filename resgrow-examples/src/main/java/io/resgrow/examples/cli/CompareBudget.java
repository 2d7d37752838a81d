package io.resgrow.examples.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code compare}'s epoch budget into each strategy's {@code train} options so that every
 * strategy's epochs, its extra phases included, fit the same budget: plain trains the budget;
 * multilevel's three cycles split it ({@link #split}); incremental's look-ahead epochs (one growth
 * fewer than its sub-networks, one epoch each by default) come out of it first and its stages (one
 * per sub-network: a ResNet's stages, a VGG's five groups) share the rest, each phase
 * under its own cosine from {@link #RECIPE_ETA_MAX} with SGD unless the user gives a rate; a VGG's
 * plain and incremental runs start from {@link #VGG_RATE} instead.
 * Partitioned's head gets {@link #PARTITIONED_HEAD} epochs, fine-tuning none, and its first stage
 * the rest, per branch: K branches one epoch each cost about one epoch of the whole network, which
 * is how the comparison counts them ({@code ComparisonRow}), and a fine-tuning epoch costs a whole
 * one for what the benchmarks show it adds at this length (nothing: BENCHMARKS.md, issue 25). A
 * run that still exceeds the budget is shown as such in the comparison table.
 */
final class CompareBudget {

    /** The look-ahead epochs of {@code train incremental} when the user gives none but a rate. */
    static final int DEFAULT_LOOKAHEAD = 2;

    /**
     * The rate incremental's cosine starts every phase at in a comparison (SGD, momentum 0.9, to a
     * hundredth of it), unless the user gives {@code --lr} or {@code --eta-max}: the paper's constant
     * RMSProp at 1e-4 ends 9 points below plain at 12 epochs, this 4.6 (BENCHMARKS.md, issue 25).
     */
    static final double RECIPE_ETA_MAX = 0.1;

    /**
     * The peak rate of a VGG's plain and incremental runs in a comparison ({@code --with
     * STRATEGY="--arch vgg ..."}) unless the user gives one: at 0.1 a VGG-16 learned nothing in short
     * trials, at 0.02 both trained (BENCHMARKS.md, issue 25, seventh session).
     */
    static final double VGG_RATE = 0.02;

    /** The head's epochs of {@code train partitioned} in a comparison. */
    static final int PARTITIONED_HEAD = 2;

    private CompareBudget() {}

    /**
     * Returns the budget options of one strategy.
     *
     * @param strategy plain, multilevel, incremental or partitioned
     * @param budget the epochs, at least 3
     * @param extra the strategy's own options ({@code --with}); a {@code --lookahead-epochs} there is kept
     * @param parts the sub-networks incremental grows through (3 for a ResNet of three stages, 5 for a VGG)
     * @return the options to add to its {@code train} command
     */
    static List<String> options(String strategy, int budget, List<String> extra, int parts) {
        return switch (strategy) {
            case "plain" ->
                vgg(extra) && OptionValues.valueOf(extra, "--lr") == null
                        ? List.of("--epochs", Integer.toString(budget), "--lr", Double.toString(VGG_RATE))
                        : List.of("--epochs", Integer.toString(budget));
            case "multilevel" -> List.of("--cycles", split(budget));
            case "incremental" -> incremental(budget, extra, parts);
            default ->
                List.of("--stage-epochs", Math.max(1, budget - PARTITIONED_HEAD) + "," + PARTITIONED_HEAD + ",0");
        };
    }

    private static List<String> incremental(int budget, List<String> extra, int parts) {
        String given = OptionValues.valueOf(extra, "--lookahead-epochs");
        // the paper's constant rate when the user gives one (--lr), else the budget's recipe
        boolean recipe =
                OptionValues.valueOf(extra, "--lr") == null && OptionValues.valueOf(extra, "--eta-max") == null;
        int lookAhead;
        if (parts < 2) {
            // one sub-network never grows: no look-ahead, its one stage has the budget
            lookAhead = 0;
        } else if (given != null) {
            lookAhead = parsed(given);
        } else {
            // the growths' look-ahead must leave each stage at least one epoch
            lookAhead = Math.max(1, Math.min(recipe ? 1 : DEFAULT_LOOKAHEAD, (budget - parts) / (parts - 1)));
        }
        int perStage = Math.max(1, (budget - (parts - 1) * lookAhead) / parts);
        List<String> a = new ArrayList<>(List.of("--max-epochs-per-stage", Integer.toString(perStage)));
        if (recipe) {
            a.addAll(List.of("--eta-max", Double.toString(vgg(extra) ? VGG_RATE : RECIPE_ETA_MAX)));
        }
        if (given == null && parts > 1) {
            a.addAll(List.of("--lookahead-epochs", Integer.toString(lookAhead)));
        }
        return a;
    }

    /**
     * Returns whether a strategy's own options make its network a VGG.
     *
     * @param extra its {@code --with} options
     * @return true under {@code --arch vgg}
     */
    static boolean vgg(List<String> extra) {
        return "vgg".equals(OptionValues.valueOf(extra, "--arch"));
    }

    /** The user's look-ahead epochs, or the default when not a number ({@code train} then refuses it). */
    private static int parsed(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return DEFAULT_LOOKAHEAD;
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
