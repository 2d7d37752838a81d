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

    /** Runs a benchmark and checks that it printed two positive timings under the given names. */
    private static void assertTwoTimings(String first, String second, String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile(first + "=([0-9.]+) " + second + "=([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0 && Double.parseDouble(m.group(2)) > 0, r.out());
    }

    @Test
    void optimizerBenchComparesBothUpdates() {
        assertTwoTimings("resgrow_update_ms", "djl_update_ms", "bench", "optimizer", "--blocks", "1,1,1", "--steps", "3");
    }

    @Test
    void stepBenchComparesResgrowWithDjlsTrainer() {
        assertTwoTimings("resgrow_step_ms", "djl_trainer_step_ms",
                "bench", "step", "--blocks", "1,1,1", "--batch", "8", "--steps", "3");
    }

    @Test
    void anUnknownBenchmarkIsATypedError() {
        Result r = run("bench", "everything");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("everything") && r.err().contains("augment, step, optimizer or multilevel"),
                r.err());
    }
}
