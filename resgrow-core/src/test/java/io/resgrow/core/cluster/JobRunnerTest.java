package io.resgrow.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.check.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process runner and the search for a cluster engine's provider. */
class JobRunnerTest {

    @Test
    void inProcessRunsTheJobsOneAfterTheOtherInOrder() {
        List<Integer> ran = new ArrayList<>();
        List<Job<Integer>> jobs = new ArrayList<>();
        for (int i = 3; i > 0; i--) {
            int n = i;
            jobs.add(() -> {
                ran.add(n);
                return 10 * n;
            });
        }
        assertEquals(List.of(30, 20, 10), JobRunner.IN_PROCESS.runAll(jobs));
        assertEquals(List.of(3, 2, 1), ran);
    }

    @Test
    void anEngineWithoutAProviderOnTheClassPathIsRefusedWithTheOption() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class, () -> JobRunnerProvider.find("spark", "--spark", "local[1]"));
        assertTrue(e.getMessage().contains("--spark"), e.getMessage());
        assertTrue(e.getMessage().contains("local[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("add resgrow-spark's jar"), e.getMessage());
    }
}
