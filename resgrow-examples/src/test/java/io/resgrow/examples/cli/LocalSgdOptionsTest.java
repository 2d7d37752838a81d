package io.resgrow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.resgrow.core.check.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** The options of local SGD on the command line: each worker's batch and errors in option names. */
class LocalSgdOptionsTest {

    @Test
    void eachWorkerTakesItsShareOfTheStrategysBatchUnlessGivenOne() {
        LocalSgdOptions o = new LocalSgdOptions();
        assertEquals(64, o.batchSize(null, 128), "2 workers by default");
        o.workers = 3;
        assertEquals(34, o.batchSize(null, 100), "rounded up: 3 x 34 >= 100");
        assertEquals(20, o.batchSize(20, 100), "--batch-size is each worker's");
        o.workers = 500;
        assertEquals(1, o.batchSize(null, 100));
    }

    @Test
    void theClustersSettingNamesBecomeTheOptionsThatSetThem() {
        String[][] names = {
            {"master", "--spark"},
            {"checkpoints", "--checkpoint-dir"},
            {"data", "--data"},
            {"workers", "--workers"},
            {"stepsPerRound", "--local-steps"},
            {"batchSize", "--batch-size"}
        };
        for (String[] n : names) {
            InvalidSettingException e = new InvalidSettingException(n[0], 1, "valid", "fix");
            assertEquals(n[1], LocalSgdOptions.inCommandLineTerms(e).parameter());
        }
        InvalidSettingException other = new InvalidSettingException("network", 1, "valid", "fix");
        assertSame(other, LocalSgdOptions.inCommandLineTerms(other), "a setting no option sets keeps its name");
    }
}
