package io.resgrow.examples.cli;

import static io.resgrow.examples.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.testing.Captured.Result;
import org.junit.jupiter.api.Test;

/**
 * {@code train modelparallel}: what its device options tell a newcomer. Each run stops right after
 * the options are checked ({@code --train-limit} beyond the synthetic data's 2000 images), so none
 * trains.
 */
class ModelParallelCommandTest {

    private static Result checkOnly(String... args) {
        String[] line = new String[args.length + 4];
        System.arraycopy(args, 0, line, 0, args.length);
        System.arraycopy(new String[] {"--data", "synthetic", "--train-limit", "5000"}, 0, line, args.length, 4);
        return run(line);
    }

    @Test
    void oneDevicePerGroupIsNamedDataParallelismWithItsMemoryCost() {
        for (Result r : new Result[] {
            checkOnly("train", "modelparallel", "--devices", "cpu,cpu", "--groups", "2"),
            checkOnly("train", "--strategy", "modelparallel", "--devices", "cpu,cpu", "--groups", "2"),
            checkOnly("train", "modelparallel", "partitioned", "--devices", "cpu,cpu,cpu", "--groups", "3")
        }) {
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("notice: --groups "), r.err());
            assertTrue(
                    r.err()
                            .contains(" devices: one device per group, so this is data parallelism only (no model"
                                    + " parallelism); every device holds the whole network"),
                    r.err());
            assertTrue(r.err().contains("--train-limit"), "the options are checked after the notice: " + r.err());
        }
        assertTrue(checkOnly("train", "modelparallel", "--devices", "cpu,cpu", "--groups", "2")
                .err()
                .startsWith("notice: --groups 2 on 2 devices: one device per group"));
    }

    @Test
    void groupsOfSeveralDevicesAreModelParallelAndGetNoNotice() {
        for (Result r : new Result[] {
            checkOnly("train", "modelparallel", "--devices", "cpu,cpu"),
            checkOnly("train", "modelparallel", "--devices", "cpu,cpu,cpu,cpu", "--groups", "2x2")
        }) {
            assertEquals(2, r.code(), r.err());
            assertFalse(r.err().contains("notice:"), r.err());
        }
    }

    @Test
    void theWrappedStrategyIsASubcommandAndPlainWhenNoneIsNamed() {
        Result r = run("train", "modelparallel", "--help");
        assertEquals(0, r.code(), r.err());
        for (String inner : ModelParallelCommand.INNER) {
            assertTrue(r.out().contains("\n  " + inner + " "), inner + ": " + r.out());
        }
        assertEquals(
                run("train", "modelparallel", "plain", "--help").out(),
                run("train", "--strategy", "modelparallel", "--help").out());
        Result unknown = checkOnly("train", "modelparallel", "incremental", "--cycles", "2,2,2");
        assertTrue(unknown.err().startsWith("error: Unknown option"), unknown.err());
    }
}
