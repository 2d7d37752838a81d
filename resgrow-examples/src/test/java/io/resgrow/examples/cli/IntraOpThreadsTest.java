package io.resgrow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.check.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** The thread-count check's bounds and message (the option reaching libtorch: TrainCommandTest). */
class IntraOpThreadsTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void acceptsOneToTheProcessorsThisProcessMayUse() {
        assertDoesNotThrow(() -> IntraOpThreads.check("--threads", 1));
        assertDoesNotThrow(() -> IntraOpThreads.check("--threads", CORES));
    }

    @Test
    void refusesZeroAndMoreThanTheProcessorsNamingTheOptionTheValueAndAFix() {
        for (int bad : new int[] {0, -1, CORES + 1}) {
            String m = assertThrows(InvalidSettingException.class, () -> IntraOpThreads.check("--threads", bad))
                    .getMessage();
            assertTrue(m.contains("'--threads'") && m.contains(Integer.toString(bad)), m);
            assertTrue(m.contains("1 to " + CORES), m);
            assertTrue(m.contains(CORES == 1 ? "use --threads 1" : "--threads " + CORES / 2 + " for two runs"), m);
        }
    }
}
