package io.resgrow.examples.cli;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.engine.RunEvaluator;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.network.SavedNetwork;
import io.resgrow.datasets.augment.ChannelNormalize;
import io.resgrow.models.SavedNetworks;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Loads a network written by {@code train --save} and measures its accuracy on a test set. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Load a model written by train --save and print its test accuracy.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "the directory given to train --save")
    Path model;

    @Option(
            names = "--data",
            defaultValue = "sample",
            description = "sample, synthetic, fashion-mnist or a directory: its test set (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--seed", defaultValue = "42", description = "seed of --data synthetic (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--batch-size",
            defaultValue = "256",
            description = "evaluation batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Override
    public Integer call() {
        Check.positive("--batch-size", batchSize);
        SavedNetwork.Card card = SavedNetwork.card("--model", model);
        Object preprocessing =
                card.preprocess() == null ? "identity" : card.preprocess().get("type");
        if (!"identity".equals(preprocessing) && !"normalize".equals(preprocessing)) {
            throw new InvalidSettingException(
                    "--model",
                    model,
                    "a network whose inputs need no preprocessing or"
                            + " normalisation (model.json's preprocess type identity or normalize)",
                    "evaluate it from your own" + " code, giving its inputs the preprocessing \"" + preprocessing
                            + "\" first");
        }
        TerminalProgress progress = TerminalProgress.forThisProcess(false);
        DataChoice sets = DataChoice.resolve(data, seed, progress);
        Shape sample = sets.test().sampleShape();
        if (!sample.equals(card.sampleShape()) || sets.test().classes() != card.classes()) {
            throw new InvalidSettingException(
                    "--data",
                    data,
                    "images of shape " + card.sampleShape() + " in " + card.classes()
                            + " classes, as the model was trained on",
                    "pass the kind of data the model knows");
        }
        ChannelNormalize normalize = ChannelNormalize.from(card.preprocess());
        BatchTransform preprocess = normalize != null ? normalize : BatchTransform.identity();
        try (Model m = SavedNetworks.load("--model", model, null)) {
            double accuracy = RunEvaluator.evaluate(
                            m.getBlock(),
                            sets.test(),
                            batchSize,
                            m.getNDManager().getDevice(),
                            b -> preprocess.apply(b, null),
                            (done, total, nanos) -> progress.onEvaluation(
                                    new RunListener.EvaluationInfo("test", "end", 0, done, total, nanos)))
                    .accuracy();
            System.out.println(String.format(
                    Locale.ROOT,
                    "test_accuracy=%.4f images=%d",
                    accuracy,
                    sets.test().count()));
        }
        return 0;
    }
}
