package io.resgrow.examples.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.InvalidSettingException;
import io.resgrow.core.ResGrow;
import io.resgrow.core.TrainingRun;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.optim.Sgd;
import io.resgrow.core.schedule.CosineRestarts;
import io.resgrow.core.strategy.PlainStrategy;
import io.resgrow.datasets.augment.Normalize;
import io.resgrow.datasets.augment.RandomFlip;
import io.resgrow.datasets.augment.RandomShift;
import io.resgrow.datasets.split.Subsets;
import io.resgrow.models.resnet.ResNetBuilder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains a pre-activation ResNet with a strategy and prints {@code test_accuracy=.. seconds=..
 * params_sha256=..}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a ResNet with a strategy and print the result.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--strategy", defaultValue = "plain", description = "plain (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--data", defaultValue = "sample",
            description = "sample, synthetic, fashion-mnist or a directory (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--epochs", defaultValue = "15", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.1", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--train-limit", description = "use only the first N training images")
    Integer trainLimit;

    @Option(names = "--blocks", defaultValue = "2,2,2", description = "blocks per stage (default: ${DEFAULT-VALUE})")
    String blocks;

    @Option(names = "--widths", defaultValue = "16,32,64", description = "widths per stage (default: ${DEFAULT-VALUE})")
    String widths;

    @Option(names = "--report", description = "write DIR/report.json")
    Path report;

    @Option(names = "--checkpoint-dir", description = "write checkpoints at every epoch end")
    Path checkpointDir;

    @Option(names = "--resume", description = "continue from the newest checkpoint in --checkpoint-dir")
    boolean resume;

    @Option(names = "--quiet", description = "no per-epoch log lines")
    boolean quiet;

    @Override
    public Integer call() {
        DataChoice sets = DataChoice.resolve(data, seed);
        var train = trainLimit == null ? (io.resgrow.core.data.BatchSource) sets.train()
                : sets.train().limit(checkLimit(trainLimit));
        Subsets.Split split = Subsets.split(train, 0.1, seed);
        Shape sample = sets.train().sampleShape();
        SequentialBlock net = new ResNetBuilder().blocks(ints("--blocks", blocks))
                .widths(ints("--widths", widths)).inputChannels((int) sample.get(0))
                .classes(sets.train().classes()).build();
        TrainingRun.Builder run = ResGrow.train(net, sample)
                .on(split.train(), split.validation())
                .test(sets.test())
                .strategy(strategy())
                .optimizer(Sgd.builder().momentum(0.9).weightDecay(5e-4).decayOnlyWeights(true).build())
                .schedule(new CosineRestarts(lr, lr / 100, new int[] {epochs}, true))
                .batchSize(batchSize)
                .preprocess(Normalize.fromData(split.train()))
                .augment(RandomShift.padCrop(2).andThen(new RandomFlip()))
                .seed(seed)
                .report(report)
                .resume(resume);
        if (checkpointDir != null) {
            run.checkpoints(checkpointDir);
        }
        if (quiet) {
            run.quiet();
        }
        TrainingReport result = run.fit();
        System.out.println(String.format(Locale.ROOT, "test_accuracy=%.4f seconds=%.1f params_sha256=%s",
                result.testAccuracy(), result.seconds(), result.paramsSha256()));
        return 0;
    }

    private TrainingStrategy strategy() {
        if (!"plain".equals(strategy)) {
            throw new InvalidSettingException("--strategy", strategy, "plain",
                    "use --strategy plain (the other strategies arrive with their issues)");
        }
        return PlainStrategy.epochs(epochs);
    }

    private static int checkLimit(int n) {
        if (n < 10) {
            throw new InvalidSettingException("--train-limit", n, "an integer >= 10",
                    "pass at least 10 training images");
        }
        return n;
    }

    static int[] ints(String option, String text) {
        try {
            return Arrays.stream(text.split("[,-]")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(option, text, "comma-separated integers such as 2,2,2",
                    "write the values like 2,2,2");
        }
    }
}
