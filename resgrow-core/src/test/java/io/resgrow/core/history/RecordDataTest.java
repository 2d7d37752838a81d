package io.resgrow.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordDataTest {

    /** A row as strategies write them. @param k an int @param n a long @param a a double @param name text */
    public record Row(int k, long n, double a, String name) {}

    @Test
    void aRecordSurvivesTheTripThroughJsonNumbersAndNullForNaN() {
        Map<String, Object> data = RecordData.of(new Row(3, 1L << 40, Double.NaN, "S3"));
        assertEquals(List.of("k", "n", "a", "name"), List.copyOf(data.keySet()));
        // as read back from report.json or a checkpoint: every number a Double, NaN as null
        Map<String, Object> json = new HashMap<>(Map.of("k", 3.0, "n", (double) (1L << 40), "name", "S3"));
        json.put("a", null);
        Row back = RecordData.read(Row.class, json);
        assertEquals(3, back.k());
        assertEquals(1L << 40, back.n());
        assertEquals(Double.NaN, back.a());
        assertEquals("S3", back.name());
        assertEquals(new Row(1, 2, 0.5, "x"), RecordData.read(Row.class, RecordData.of(new Row(1, 2, 0.5, "x"))));
    }
}
