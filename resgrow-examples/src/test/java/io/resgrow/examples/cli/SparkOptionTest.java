package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured.Result;
import org.junit.jupiter.api.Test;

/**
 * {@code train partitioned|plain|multilevel --spark} without resgrow-spark on the class path says what
 * to add, and local SGD's own options without {@code --spark} are refused, before any work.
 */
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

    @Test
    void localSgdWithoutResgrowSparkOnTheClassPathIsRefusedBeforeWork() {
        for (String strategy : new String[] {"plain", "multilevel"}) {
            Result r = run("train", strategy, "--data", "synthetic", "--spark", "local[1]", "--workers", "3");
            assertEquals(ErrorText.INPUT, r.code(), r.err());
            assertTrue(r.err().startsWith("error: Invalid value for '--spark'. Received: --spark=local[1]"), r.err());
            assertTrue(r.err().contains("add resgrow-spark's jar to the class path"), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void localSgdOptionsWithoutSparkAreRefused() {
        Result r = run("train", "plain", "--data", "synthetic", "--local-steps", "5");
        assertEquals(ErrorText.INPUT, r.code(), r.err());
        assertTrue(r.err().contains("--local-steps") && r.err().contains("together with --spark MASTER"), r.err());
        assertEquals("", r.out());
    }
}
