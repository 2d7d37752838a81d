package io.resgrow.examples.cli;

import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.cluster.LocalSgdPlan;
import io.resgrow.core.schedule.CosineRestarts;
import io.resgrow.strategies.multilevel.MultiLevelInterpolation;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code train multilevel} (Chang et al.'s multi-level training by interpolation). */
public final class MultiLevelOptions {

    @Option(names = "--cycles", description = "cycle lengths, in --cycle-unit (default: 4,4,4)")
    String cycles;

    @Option(
            names = "--cycle-ends",
            description = "where cycles end, in --cycle-unit, e.g. 60,110,160 (instead of" + " --cycles)")
    String cycleEnds;

    @Option(
            names = "--cycle-unit",
            defaultValue = "epochs",
            description = "unit of --cycles and --cycle-ends: epochs or steps (default: ${DEFAULT-VALUE})")
    String cycleUnit;

    @Option(names = "--eta-max", defaultValue = "0.5", description = "cycle start LR (default: ${DEFAULT-VALUE})")
    double etaMax;

    @Option(names = "--eta-min", defaultValue = "0.001", description = "cycle end LR (default: ${DEFAULT-VALUE})")
    double etaMin;

    private String cycles() {
        return cycles != null ? cycles : "4,4,4";
    }

    /** Checks the options under their own names. */
    void check() {
        if (cycles != null && cycleEnds != null) {
            throw new InvalidSettingException(
                    "--cycles",
                    cycles,
                    "--cycles or --cycle-ends, not both (--cycle-ends" + " would win)",
                    "drop --cycles to end the cycles where --cycle-ends says, or drop --cycle-ends");
        }
        stepsUnit();
        if (cycleEnds != null) {
            Check.increasing("--cycle-ends", OptionValues.ints("--cycle-ends", cycleEnds));
        } else {
            OptionValues.positiveInts("--cycles", cycles());
        }
        OptionValues.rateRange("--eta-max", etaMax, "--eta-min", etaMin);
    }

    private boolean stepsUnit() {
        return switch (cycleUnit) {
            case "epochs" -> false;
            case "steps" -> true;
            default ->
                throw new InvalidSettingException(
                        "--cycle-unit", cycleUnit, "epochs or steps", "use --cycle-unit epochs or --cycle-unit steps");
        };
    }

    /**
     * Refuses cycles that do not end at epoch ends (a mode that counts in epochs needs them so).
     *
     * @param option the option that needs them, for the error
     */
    void checkCyclesInEpochs(String option) {
        if (cycleEnds != null || stepsUnit()) {
            throw new InvalidSettingException(
                    cycleEnds != null ? "--cycle-ends" : "--cycle-unit",
                    cycleEnds != null ? cycleEnds : cycleUnit,
                    "cycles given as --cycles in epochs with " + option,
                    "give the cycles' lengths in epochs with --cycles, e.g. --cycles 4,4,4");
        }
    }

    /**
     * The cycles as local SGD's stages: each a cosine from --eta-max to --eta-min over its epochs,
     * step by step, as the strategy's own cycles.
     *
     * @return the stages
     */
    List<LocalSgdPlan.Stage> stages() {
        List<LocalSgdPlan.Stage> stages = new ArrayList<>();
        for (int length : OptionValues.ints("--cycles", cycles())) {
            stages.add(new LocalSgdPlan.Stage(length, new CosineRestarts(etaMax, etaMin, new int[] {length}, true)));
        }
        return stages;
    }

    /**
     * Builds the strategy.
     *
     * @param batchSize {@code --batch-size}, or null for the strategy's
     * @return the strategy
     */
    TrainingStrategy strategy(Integer batchSize) {
        MultiLevelInterpolation.Builder b = MultiLevelInterpolation.builder().eta(etaMax, etaMin);
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        boolean steps = stepsUnit();
        if (cycleEnds != null) {
            int[] ends = OptionValues.ints("--cycle-ends", cycleEnds);
            return (steps ? b.cycleEndSteps(ends) : b.cycleEnds(ends)).build();
        }
        int[] lengths = OptionValues.ints("--cycles", cycles());
        return (steps ? b.cycleStepLengths(lengths) : b.cycleLengths(lengths)).build();
    }
}
