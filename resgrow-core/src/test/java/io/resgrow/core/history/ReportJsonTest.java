package io.resgrow.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.resgrow.core.check.InvalidSettingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

    @Test
    void reportJsonHasTheDocumentedFields() {
        EpochRecord e = new EpochRecord(1, "plain", 0.5, 0.8, 0.75, 0.62, 0.1, 100, 2000, 1e9, 2.5);
        RunEvent ev = new RunEvent(0, 0, "phase-start", "plain", Map.of("ordinal", 0));
        TrainingReport r = new TrainingReport("plain(1 epochs)", 0.7, 3.0, 100, "ab", List.of(e), List.of(ev));
        JsonObject json = JsonParser.parseString(r.toJson()).getAsJsonObject();
        for (String f : List.of("strategy", "testAccuracy", "seconds", "epochs", "events", "bestEpoch")) {
            assertTrue(json.has(f), f);
        }
        JsonObject epoch = json.getAsJsonArray("epochs").get(0).getAsJsonObject();
        for (String f : List.of(
                "epoch",
                "phase",
                "trainLoss",
                "trainAccuracy",
                "validationAccuracy",
                "validationLoss",
                "learningRate",
                "parameters",
                "macsPerSample",
                "cumulativeFlops",
                "seconds",
                "epochShare")) {
            assertTrue(epoch.has(f), f);
        }
        JsonObject event = json.getAsJsonArray("events").get(0).getAsJsonObject();
        for (String f : List.of("epoch", "step", "type", "detail")) {
            assertTrue(event.has(f), f);
        }
        assertEquals(0.7, json.get("testAccuracy").getAsDouble());
        assertEquals(1, json.get("bestEpoch").getAsInt());
        assertTrue(r.toString().contains("test accuracy 0.7000"), r.toString());
    }

    @Test
    void provenanceIsAnObjectInItsOrderAndAnOldReportWithoutItReadsAsEmpty() {
        TrainingReport r = new TrainingReport(
                "plain", null, 1.0, 1, "ab", List.of(), List.of(), new LinkedHashMap<>(Map.of("seed", "7")));
        JsonObject json = JsonParser.parseString(r.toJson()).getAsJsonObject();
        assertEquals("7", json.getAsJsonObject("provenance").get("seed").getAsString());
        assertEquals(
                Map.of("seed", "7"), Json.read(r.toJson(), TrainingReport.class).provenance());
        json.remove("provenance");
        assertEquals(Map.of(), Json.read(json.toString(), TrainingReport.class).provenance());
    }

    @Test
    void anEpochsShareIsWrittenAndReadBackAnOldReportWithoutItReadsAsNoneAndABadOneIsRefused() {
        EpochRecord branch = new EpochRecord(1, "branch-1", 0.5, 0.8, 0.7, 0.6, 0.1, 10, 20, 1e9, 1, Map.of(), 0.25);
        TrainingReport r = new TrainingReport("p", 0.7, 1.0, 10, "ab", List.of(branch), List.of());
        JsonObject json = JsonParser.parseString(r.toJson()).getAsJsonObject();
        JsonObject epoch = json.getAsJsonArray("epochs").get(0).getAsJsonObject();
        assertEquals(0.25, epoch.get("epochShare").getAsDouble());
        assertEquals(
                0.25,
                Json.read(json.toString(), TrainingReport.class).epochs().get(0).epochShare());
        epoch.remove("epochShare");
        assertNull(
                Json.read(json.toString(), TrainingReport.class).epochs().get(0).epochShare());
        epoch.addProperty("epochShare", 0.0);
        // Gson wraps the record's check; ReportFile turns any failed read into a typed error of its option
        Throwable t = assertThrows(RuntimeException.class, () -> Json.read(json.toString(), TrainingReport.class));
        while (t != null && !(t instanceof InvalidSettingException)) {
            t = t.getCause();
        }
        assertEquals("epochShare", ((InvalidSettingException) t).parameter());
    }

    @Test
    void theBestEpochIsTheFirstWithTheHighestValidationAccuracy() {
        List<EpochRecord> epochs = List.of(epoch(1, 0.6), epoch(2, 0.8), epoch(3, null), epoch(4, 0.8), epoch(5, 0.7));
        assertEquals(2, TrainingReport.bestEpoch(epochs));
        assertEquals(null, TrainingReport.bestEpoch(List.of(epoch(1, null))));
    }

    private static EpochRecord epoch(int n, Double validation) {
        return new EpochRecord(
                n, "plain", 0.5, 0.8, validation, validation == null ? null : 1 - validation, 0.1, 100, 2000, 1e9, n);
    }
}
