package io.resgrow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: a ResNet trained on synthetic data through {@code resgrow train}. */
class TrainCommandTest {

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = ResgrowCli.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void trainsOnSyntheticDataAboveNinetyPercentAndWritesTheReport(@TempDir Path dir) throws IOException {
        Result r = run("train", "--data", "synthetic", "--epochs", "3", "--blocks", "1,1,1",
                "--widths", "8,16,32", "--batch-size", "64", "--quiet", "--report", dir.toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("test_accuracy=([0-9.]+) seconds=([0-9.]+) params_sha256=([0-9a-f]{64})")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0.9, "accuracy " + m.group(1));
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json"))).getAsJsonObject();
        assertEquals("plain(3 epochs)", report.get("strategy").getAsString());
        assertEquals(3, report.getAsJsonArray("epochs").size());
        assertEquals(Double.parseDouble(m.group(1)), report.get("testAccuracy").getAsDouble(), 1e-4);
    }

    @Test
    void badOptionsGiveATypedMessageAndExitCodeTwo() {
        Result r = run("train", "--strategy", "nope", "--data", "synthetic");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Invalid value for '--strategy'. Received: --strategy=nope. Expected: plain or multilevel"), r.err());
        r = run("train", "--data", "/no/such/dir");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--data'"), r.err());
    }

    @Test
    void theBundledSampleIsClassBalanced() {
        DataChoice sample = DataChoice.resolve("sample", 1);
        assertEquals(5000, sample.train().count());
        assertEquals(1000, sample.test().count());
        int[] counts = new int[10];
        for (int i = 0; i < sample.test().count(); i++) {
            counts[sample.test().label(i)]++;
        }
        for (int c : counts) {
            assertEquals(100, c);
        }
    }
}
