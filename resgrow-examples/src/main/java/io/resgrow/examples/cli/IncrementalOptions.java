package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.GrowingNetwork;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.models.vgg.VggBuilder;
import io.resgrow.strategies.incremental.GrowthRule;
import io.resgrow.strategies.incremental.LookAheadIncremental;
import picocli.CommandLine.Option;

/** The options of {@code train --strategy incremental} (Istrate et al.'s look-ahead incremental training). */
public final class IncrementalOptions {

    @Option(names = "--arch",
            description = "incremental: resnet (--blocks, --widths) or vgg (--depth) (default resnet); modelparallel:"
                    + " multires (the default)")
    String arch;

    @Option(names = "--width-scale", defaultValue = "1",
            description = "incremental, vgg: scale every width, e.g. 0.25 on a small machine (default: ${DEFAULT-VALUE})")
    double widthScale;

    @Option(names = "--ws", defaultValue = "5", description = "incremental: slope window in epochs (default: ${DEFAULT-VALUE})")
    int ws;

    @Option(names = "--gamma", defaultValue = "0.5",
            description = "incremental: grow when the accuracy's slope angle falls to gamma x the previous (default: ${DEFAULT-VALUE})")
    double gamma;

    @Option(names = "--lookahead-epochs", defaultValue = "2",
            description = "incremental: epochs a new sub-network trains alone (default: ${DEFAULT-VALUE})")
    int lookAheadEpochs;

    @Option(names = "--init", defaultValue = "lookahead", description = "incremental: lookahead or random (default: ${DEFAULT-VALUE})")
    String init;

    @Option(names = "--max-epochs-per-stage", defaultValue = "30",
            description = "incremental: cap of each stage, 0 for none (default: ${DEFAULT-VALUE})")
    int maxEpochsPerStage;

    @Option(names = "--tradeoff", defaultValue = "none",
            description = "incremental: stop growing early: none, mflop:X (gain per MFLOP below X), flops:X or seconds:X"
                    + " (default: ${DEFAULT-VALUE})")
    String tradeoff;

    /** Checks the options under their own names. */
    void validate() {
        if (arch == null) {
            arch = "resnet";
        }
        if (!arch.equals("resnet") && !arch.equals("vgg")) {
            throw new InvalidSettingException("--arch", arch, "resnet or vgg", "use --arch resnet or --arch vgg");
        }
        if (ws < 2) {
            throw new InvalidSettingException("--ws", ws, "an integer >= 2 (a line needs two points)", "use --ws 2 or more");
        }
        Check.positive("--gamma", gamma);
        Check.positive("--lookahead-epochs", lookAheadEpochs);
        Check.nonNegative("--max-epochs-per-stage", maxEpochsPerStage);
        Check.positive("--width-scale", widthScale);
        initMode();
        growthRule();
    }

    private LookAheadIncremental.Init initMode() {
        return switch (init) {
            case "lookahead" -> LookAheadIncremental.Init.LOOKAHEAD;
            case "random" -> LookAheadIncremental.Init.RANDOM;
            default -> throw new InvalidSettingException("--init", init, "lookahead or random",
                    "use --init lookahead or --init random");
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
            throw new InvalidSettingException("--tradeoff", tradeoff, "none, mflop:X, flops:X or seconds:X with X > 0",
                    "write e.g. --tradeoff flops:1e15");
        }
        return switch (kv[0]) {
            case "mflop" -> GrowthRule.accuracyPerMflopBelow(x);
            case "flops" -> GrowthRule.flopBudget(x);
            case "seconds" -> GrowthRule.timeBudget(x);
            default -> throw new InvalidSettingException("--tradeoff", tradeoff, "none, mflop:X, flops:X or seconds:X",
                    "write e.g. --tradeoff mflop:0.001");
        };
    }

    /**
     * Builds the growing network.
     *
     * @param resnet the ResNet the other options describe
     * @param depth the VGG depth ({@code --depth})
     * @param sample one sample's shape
     * @param classes the classes
     * @return the network, starting with its first sub-network
     */
    GrowingNetwork network(ResNetBuilder resnet, int depth, Shape sample, int classes) {
        if (arch.equals("vgg")) {
            return new VggBuilder().depth(depth).widthScale(widthScale).inputChannels((int) sample.get(0))
                    .classes(classes).buildGrowing();
        }
        return resnet.buildGrowing(sample);
    }

    /**
     * Builds the strategy.
     *
     * @param batchSize the batch size
     * @param lr the learning rate
     * @return the strategy
     */
    LookAheadIncremental strategy(int batchSize, double lr) {
        return LookAheadIncremental.builder().window(ws).gamma(gamma).lookAheadEpochs(lookAheadEpochs).init(initMode())
                .maxEpochsPerStage(maxEpochsPerStage).growthRule(growthRule()).batchSize(batchSize).learningRate(lr)
                .build();
    }

    /**
     * Returns the default batch size (the paper's: 32 for VGG, 128 otherwise).
     *
     * @return the batch size
     */
    int defaultBatchSize() {
        return arch.equals("vgg") ? 32 : 128;
    }
}
