package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.examples.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --save} then {@code evaluate --model}: the loaded network scores what the trained one did. */
class EvaluateCommandTest {

    private static String accuracy(String out) {
        Matcher m = Pattern.compile("test_accuracy=([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void aSavedNetworkEvaluatesToTheAccuracyTrainReported(@TempDir Path dir) {
        Path model = dir.resolve("model");
        Result trained = run("train", "--data", "synthetic", "--epochs", "3", "--blocks", "1,1,1", "--widths",
                "8,16,32", "--batch-size", "64", "--quiet", "--save", model.toString());
        assertEquals(0, trained.code(), trained.err());
        String expected = accuracy(trained.out());
        assertTrue(Double.parseDouble(expected) > 0.9, "a network that learned: " + expected);
        Result evaluated = run("evaluate", "--model", model.toString(), "--data", "synthetic");
        assertEquals(0, evaluated.code(), evaluated.err());
        assertEquals(expected, accuracy(evaluated.out()));
        assertTrue(evaluated.out().contains("images=500"), evaluated.out());
    }

    @Test
    void saveIsRefusedBeforeTrainingForNetworksItCannotRebuild(@TempDir Path dir) {
        Result r = run("train", "--strategy", "partitioned", "--data", "synthetic", "--save", dir.toString());
        assertEquals(ErrorText.INPUT, r.code());
        assertTrue(r.err().startsWith("error: Invalid value for '--save'") && r.err().contains("plain or multilevel"),
                r.err());
        assertEquals("", r.out());
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
