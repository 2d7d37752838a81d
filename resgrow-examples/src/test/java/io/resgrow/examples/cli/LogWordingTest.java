package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.resgrow.core.DivergenceException;
import io.resgrow.core.testing.Captured.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's event lines read as sentences: {@code 1 epoch}, not {@code 1 epochs}; the first
 * sub-network's accuracy without a {@code NaN} before it; an event's detail that does not repeat
 * its type. The lines the log prints are the report's events ({@code type detail}).
 */
class LogWordingTest {

    private static List<String> events(Path dir) throws IOException {
        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("report.json")))
                .getAsJsonObject();
        List<String> lines = new ArrayList<>();
        for (JsonElement e : report.getAsJsonArray("events")) {
            JsonObject o = e.getAsJsonObject();
            lines.add(o.get("type").getAsString() + " " + o.get("detail").getAsString());
        }
        lines.add("strategy " + report.get("strategy").getAsString());
        return lines;
    }

    private static List<String> train(Path dir, String... args) throws IOException {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of(
                "--data", "synthetic", "--train-limit", "200", "--seed", "5", "--quiet", "--report", dir.toString()));
        Result r = run(line.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        List<String> events = events(dir);
        for (String e : events) {
            assertFalse(e.matches(".*\\b1 epochs\\b.*"), e);
        }
        return events;
    }

    @Test
    void incrementalSaysFirstValidationAndOneEpoch(@TempDir Path dir) throws IOException {
        List<String> events = train(
                dir,
                "train",
                "incremental",
                "--widths",
                "4,8,8",
                "--blocks",
                "1,1,1",
                "--ws",
                "2",
                "--max-epochs-per-stage",
                "1",
                "--lookahead-epochs",
                "1");
        assertTrue(
                events.stream().anyMatch(e -> e.matches("value-added S1: first validation [0-9.]+, \\+.*")),
                String.join("\n", events));
        assertTrue(
                events.stream().anyMatch(e -> e.matches("value-added S2: validation [0-9.]+ -> [0-9.]+, .*")),
                String.join("\n", events));
        assertTrue(events.stream().noneMatch(e -> e.contains("NaN")), String.join("\n", events));
        assertTrue(
                events.stream().anyMatch(e -> e.matches("phase-end stage-1: 1 epoch, .*")), String.join("\n", events));
        assertTrue(
                events.contains("strategy incremental(look-ahead 1 epoch, ws 2, gamma 0.5, max 1 epoch per stage,"
                        + " lr 1.0E-4, batch 128)"),
                String.join("\n", events));
    }

    @Test
    void partitionedNamesTheDroppedProxyHeadOnce(@TempDir Path dir) throws IOException {
        List<String> events = train(
                dir,
                "train",
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
                "1,1,1");
        assertTrue(events.contains("proxy-dropped branch 1's proxy head"), String.join("\n", events));
        assertTrue(
                events.stream().anyMatch(e -> e.matches("partitioned-row stage 1 branch 1: 1 epoch, .*")),
                String.join("\n", events));
    }

    @Test
    void aRollbackStartsANewSentence() {
        // the rollback's log line is the exception's message, then "Rolling back ...": the message ends a sentence
        String message = new DivergenceException("p", 1, 1, 2, "the loss is NaN").getMessage();
        assertTrue(message.endsWith("extreme values."), message);
        assertFalse(message.endsWith(".."), message);
    }
}
