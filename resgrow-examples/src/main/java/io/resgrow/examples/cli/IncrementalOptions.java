package io.resgrow.examples.cli;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.strategies.incremental.GrowthRule;
import io.resgrow.strategies.incremental.LookAheadIncremental;
import picocli.CommandLine.Option;

/** The options of {@code train incremental} (Istrate et al.'s look-ahead incremental training) but its network's. */
public final class IncrementalOptions {

    @Option(names = "--ws", defaultValue = "5", description = "slope window in epochs (default: ${DEFAULT-VALUE})")
    int ws;

    @Option(
            names = "--gamma",
            defaultValue = "0.5",
            description =
                    "grow when the accuracy's slope angle falls to gamma x the previous (default: ${DEFAULT-VALUE})")
    double gamma;

    @Option(
            names = "--lookahead-epochs",
            defaultValue = "2",
            description = "epochs a new sub-network trains alone (default: ${DEFAULT-VALUE})")
    int lookAheadEpochs;

    @Option(
            names = "--init",
            defaultValue = "lookahead",
            description = "lookahead or random (default: ${DEFAULT-VALUE})")
    String init;

    @Option(
            names = "--max-epochs-per-stage",
            defaultValue = "30",
            description = "cap of each stage, 0 for none (default: ${DEFAULT-VALUE})")
    int maxEpochsPerStage;

    @Option(
            names = "--tradeoff",
            defaultValue = "none",
            description = "stop growing early: none, mflop:X (gain per MFLOP below X), flops:X or seconds:X"
                    + " (default: ${DEFAULT-VALUE})")
    String tradeoff;

    @Option(names = "--lr", description = "constant learning rate (default 1e-4)")
    Double lr;

    @Option(
            names = "--eta-max",
            description = "SGD (momentum 0.9) with a cosine from this rate within every stage and look-ahead"
                    + " phase, instead of the constant --lr (needs a stage cap)")
    Double etaMax;

    @Option(names = "--eta-min", description = "with --eta-max: the cosine's end rate (default: --eta-max / 100)")
    Double etaMin;

    /** Checks the options under their own names. */
    void check() {
        if (lr != null) {
            Check.positive("--lr", lr);
        }
        if (etaMax != null) {
            if (lr != null) {
                throw new InvalidSettingException(
                        "--lr", lr, "no --lr with --eta-max (the cosine sets every rate)", "drop --lr or --eta-max");
            }
            OptionValues.rateRange("--eta-max", etaMax, "--eta-min", etaMin());
            if (maxEpochsPerStage == 0) {
                throw new InvalidSettingException(
                        "--max-epochs-per-stage",
                        0,
                        "at least 1 with --eta-max (a stage's cosine runs over its cap)",
                        "give --max-epochs-per-stage N");
            }
        } else if (etaMin != null) {
            throw new InvalidSettingException("--eta-min", etaMin, "only with --eta-max", "add --eta-max");
        }
        if (ws < 2) {
            throw new InvalidSettingException(
                    "--ws", ws, "an integer >= 2 (a line needs two points)", "use --ws 2 or more");
        }
        Check.positive("--gamma", gamma);
        Check.positive("--lookahead-epochs", lookAheadEpochs);
        Check.nonNegative("--max-epochs-per-stage", maxEpochsPerStage);
        initMode();
        growthRule();
    }

    private LookAheadIncremental.Init initMode() {
        return switch (init) {
            case "lookahead" -> LookAheadIncremental.Init.LOOKAHEAD;
            case "random" -> LookAheadIncremental.Init.RANDOM;
            default ->
                throw new InvalidSettingException(
                        "--init", init, "lookahead or random", "use --init lookahead or --init random");
        };
    }

    private GrowthRule growthRule() {
        if (tradeoff.equals("none")) {
            return GrowthRule.never();
        }
        String[] kv = tradeoff.split(":", 2);
        double x;
        try {
            x = kv.length == 2 ? Double.parseDouble(kv[1]) : Double.NaN;
        } catch (NumberFormatException e) {
            x = Double.NaN;
        }
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new InvalidSettingException(
                    "--tradeoff",
                    tradeoff,
                    "none, mflop:X, flops:X or seconds:X with X > 0",
                    "write e.g. --tradeoff flops:1e15");
        }
        return switch (kv[0]) {
            case "mflop" -> GrowthRule.accuracyPerMflopBelow(x);
            case "flops" -> GrowthRule.flopBudget(x);
            case "seconds" -> GrowthRule.timeBudget(x);
            default ->
                throw new InvalidSettingException(
                        "--tradeoff",
                        tradeoff,
                        "none, mflop:X, flops:X or seconds:X",
                        "write e.g. --tradeoff mflop:0.001");
        };
    }

    /**
     * Builds the strategy.
     *
     * @param batchSize the batch size
     * @return the strategy
     */
    LookAheadIncremental strategy(int batchSize) {
        LookAheadIncremental.Builder b = LookAheadIncremental.builder()
                .window(ws)
                .gamma(gamma)
                .lookAheadEpochs(lookAheadEpochs)
                .init(initMode())
                .maxEpochsPerStage(maxEpochsPerStage)
                .growthRule(growthRule())
                .batchSize(batchSize)
                .learningRate(lr != null ? lr : 1e-4);
        return etaMax == null ? b.build() : b.cosine(etaMax, etaMin()).build();
    }

    private double etaMin() {
        return etaMin != null ? etaMin : etaMax / 100;
    }
}
