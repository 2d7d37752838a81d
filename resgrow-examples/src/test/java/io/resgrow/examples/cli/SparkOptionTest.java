package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured.Result;
import org.junit.jupiter.api.Test;

/** {@code train partitioned --spark} without resgrow-spark on the class path says what to add, before any work. */
class SparkOptionTest {

    @Test
    void sparkWithoutResgrowSparkOnTheClassPathIsRefusedBeforeWork() {
        Result r = run("train", "partitioned", "--data", "synthetic", "--spark", "local[1]");
        assertEquals(ErrorText.INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("error: Invalid value for '--spark'. Received: --spark=local[1]"), r.err());
        assertTrue(r.err().contains("add resgrow-spark's jar to the class path"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("", r.out());
    }
}
