package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.examples.cli.CliRunner.Result;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The benchmarks run (tiny sizes; their figures are only checked to be real measurements). */
class BenchCommandTest {

    /**
     * Runs a benchmark of {@code steps} timed steps of each kind and checks its two per-step
     * timings against the test's own clock: positive, and all the timed steps together fit in the
     * command's wall time (a wrong unit or a step counted twice would not).
     */
    private static void assertTwoTimings(String first, String second, int steps, String... args) {
        long t0 = System.nanoTime();
        Result r = run(args);
        double wallMs = (System.nanoTime() - t0) / 1e6;
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile(first + "=([0-9.]+) " + second + "=([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        double a = Double.parseDouble(m.group(1));
        double b = Double.parseDouble(m.group(2));
        assertTrue(a > 0 && b > 0, r.out());
        assertTrue((a + b) * steps < wallMs, "timed steps take " + (a + b) * steps + " ms of a " + wallMs
                + " ms command: " + r.out());
    }

    @Test
    void optimizerBenchComparesBothUpdates() {
        assertTwoTimings("resgrow_update_ms", "djl_update_ms", 3, "bench", "optimizer", "--blocks", "1,1,1", "--steps", "3");
    }

    @Test
    void stepBenchComparesResgrowWithDjlsTrainer() {
        assertTwoTimings("resgrow_step_ms", "djl_trainer_step_ms", 3,
                "bench", "step", "--blocks", "1,1,1", "--batch", "8", "--steps", "3");
    }

    @Test
    void memoryBenchSamplesEveryTwoHundredFiftyStepsAndReportsTheSpread() {
        Result r = run("bench", "memory", "--blocks", "1,1,1", "--batch", "4", "--steps", "1000");
        assertEquals(0, r.code(), r.err());
        String[] rows = r.out().lines().filter(l -> l.matches("\\s*\\d+\\s+[0-9.]+\\s+\\d+")).toArray(String[]::new);
        assertEquals(4, rows.length, r.out());
        for (String row : rows) {
            String[] f = row.trim().split("\\s+");
            assertTrue(Double.parseDouble(f[1]) > 50, "a JVM with libtorch is not under 50 MiB: " + row);
            assertTrue(Integer.parseInt(f[2]) >= 30, "at least the parameters are live: " + row);
        }
        assertTrue(r.out().contains("steps=1000 batch=4") && r.out().contains("rss_spread="), r.out());
    }

    @Test
    void anUnknownBenchmarkIsATypedError() {
        Result r = run("bench", "everything");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("everything") && r.err().contains("augment, step, optimizer, multilevel, incremental, partitioned, modelparallel or memory"),
                r.err());
    }
}
