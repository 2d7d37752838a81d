package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import io.resgrow.core.network.SavedNetwork;
import io.resgrow.core.testing.Captured.Result;
import io.resgrow.models.Architectures;
import io.resgrow.models.SavedNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code train --save} then {@code evaluate --model}, for every strategy: the loaded network scores
 * what the trained one did, and DJL's own loading code predicts what evaluate's does.
 */
@Tag("slow")
class EvaluateCommandTest {

    private static String accuracy(String out) {
        Matcher m = Pattern.compile("test_accuracy=([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void aSavedNetworkEvaluatesToTheAccuracyTrainReported(@TempDir Path dir) {
        Path model = dir.resolve("model");
        Result trained = run(
                "train",
                "--data",
                "synthetic",
                "--epochs",
                "3",
                "--blocks",
                "1,1,1",
                "--widths",
                "8,16,32",
                "--batch-size",
                "64",
                "--quiet",
                "--save",
                model.toString());
        assertEquals(0, trained.code(), trained.err());
        String expected = accuracy(trained.out());
        assertTrue(Double.parseDouble(expected) > 0.9, "a network that learned: " + expected);
        Result evaluated = run("evaluate", "--model", model.toString(), "--data", "synthetic");
        assertEquals(0, evaluated.code(), evaluated.err());
        assertEquals(expected, accuracy(evaluated.out()));
        assertTrue(evaluated.out().contains("images=500"), evaluated.out());
    }

    /** Tiny runs of every strategy, each with --save; the last argument is the directory. */
    @SuppressWarnings("unchecked")
    static Stream<Arguments> everyStrategy() {
        String[] small = {"--data", "synthetic", "--train-limit", "200", "--quiet"};
        return Stream.of(
                        Arguments.of(
                                "multilevel",
                                List.of(
                                        "--strategy",
                                        "multilevel",
                                        "--cycles",
                                        "1,1",
                                        "--blocks",
                                        "1,1,1",
                                        "--widths",
                                        "4,8,8",
                                        "--batch-size",
                                        "50")),
                        Arguments.of(
                                "plain vgg",
                                List.of(
                                        "plain",
                                        "--arch",
                                        "vgg",
                                        "--depth",
                                        "11",
                                        "--width-scale",
                                        "0.125",
                                        "--batch-norm",
                                        "--fc-widths",
                                        "none",
                                        "--pad",
                                        "2",
                                        "--epochs",
                                        "1",
                                        "--batch-size",
                                        "50")),
                        Arguments.of(
                                "incremental",
                                List.of(
                                        "--strategy",
                                        "incremental",
                                        "--blocks",
                                        "1,1,1",
                                        "--widths",
                                        "4,8,16",
                                        "--ws",
                                        "2",
                                        "--max-epochs-per-stage",
                                        "1",
                                        "--lookahead-epochs",
                                        "1",
                                        "--lr",
                                        "1e-3")),
                        Arguments.of(
                                "partitioned",
                                List.of(
                                        "--strategy",
                                        "partitioned",
                                        "--branches",
                                        "2",
                                        "--depth",
                                        "10",
                                        "--widen",
                                        "1",
                                        "--hidden",
                                        "4",
                                        "--stage-epochs",
                                        "1,1,1",
                                        "--no-augment")),
                        Arguments.of(
                                "modelparallel",
                                List.of(
                                        "--strategy",
                                        "modelparallel",
                                        "--devices",
                                        "cpu,cpu",
                                        "--inner",
                                        "multilevel",
                                        "--arch",
                                        "multires",
                                        "--depth",
                                        "8",
                                        "--k",
                                        "2",
                                        "--widen",
                                        "1",
                                        "--cycles",
                                        "1,1",
                                        "--batch-size",
                                        "50")))
                .map(a -> Arguments.of(a.get()[0], concat((List<String>) a.get()[1], small)));
    }

    private static List<String> concat(List<String> a, String[] b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStrategy")
    void everyStrategysNetworkSavesAndLoadsThroughEvaluateAndThroughDjl(
            String strategy, List<String> options, @TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(options);
        args.addAll(List.of("--save", model.toString()));
        Result trained = run(args.toArray(String[]::new));
        assertEquals(0, trained.code(), trained.err());
        // evaluate's code path scores what the trained network scored on the same test set
        Result evaluated = run("evaluate", "--model", model.toString(), "--data", "synthetic");
        assertEquals(0, evaluated.code(), evaluated.err());
        assertEquals(accuracy(trained.out()), accuracy(evaluated.out()), strategy);
        // and a user's plain DJL code (card, Model.load, Predictor) predicts what evaluate's loader does
        SavedNetwork.Card card = SavedNetwork.card(model);
        try (Model viaEvaluate = SavedNetworks.load("--model", model, Device.cpu());
                Model viaDjl = Model.newInstance(SavedNetwork.NAME, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            viaDjl.setBlock(Architectures.build(card.architecture(), card.sampleShape()));
            viaDjl.load(model, SavedNetwork.NAME);
            NDArray x = m.randomNormal(new Shape(7).addAll(card.sampleShape()));
            try (Predictor<NDList, NDList> a = viaEvaluate.newPredictor(new NoopTranslator());
                    Predictor<NDList, NDList> b = viaDjl.newPredictor(new NoopTranslator())) {
                float[] ours = a.predict(new NDList(x)).singletonOrThrow().toFloatArray();
                float[] theirs = b.predict(new NDList(x)).singletonOrThrow().toFloatArray();
                assertEquals(7 * card.classes(), ours.length);
                assertArrayEquals(ours, theirs, strategy);
            }
        }
        assertEquals("normalize", card.preprocess().get("type"), "evaluate needs the training normalisation");
    }

    @Test
    void evaluateRefusesADirectoryWithoutAModel(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        Result r = run("evaluate", "--model", model.toString());
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(r.err().startsWith("error: Invalid value for '--model'"), r.err());
    }
}
