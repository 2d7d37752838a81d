package io.resgrow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.cluster.JobRunner;
import io.resgrow.core.cluster.Where;
import io.resgrow.core.testing.Captured;
import io.resgrow.examples.report.ComparisonPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import picocli.CommandLine;

/**
 * How {@code compare} hands its runs to a {@link JobRunner} (here a Mockito mock that runs the jobs
 * in this process, or fails them): one job per strategy and seed with the command line of that run,
 * the output directory checked first, nothing handed over for runs {@code --reuse} reads.
 */
class CompareJobsTest {

    private static CompareCommand command(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--strategies",
                "plain",
                "--out",
                out.toString(),
                "--data",
                "synthetic",
                "--train-limit",
                "60",
                "--epochs",
                "3",
                "--seeds",
                "1,2",
                "--blocks",
                "1,1,1",
                "--widths",
                "4,4,4",
                "--threads",
                "1"));
        args.addAll(List.of(more));
        CompareCommand c = new CompareCommand();
        new CommandLine(c).parseArgs(args.toArray(String[]::new));
        return c;
    }

    @SuppressWarnings("unchecked")
    private static JobRunner inProcess() {
        JobRunner runner = mock(JobRunner.class);
        when(runner.runAll(anyList())).thenAnswer(call -> JobRunner.IN_PROCESS.runAll(call.getArgument(0)));
        return runner;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRunIsOneJobWithItsCommandLineAndTheOutputIsCheckedFirst(@TempDir Path dir) {
        Path out = dir.resolve("cmp");
        CompareCommand c = command(out);
        c.runner = inProcess();
        Captured.Result r = Captured.run(c::call);
        assertEquals(0, r.code(), r.err());
        ArgumentCaptor<List<TrainJob>> jobs = ArgumentCaptor.forClass(List.class);
        InOrder order = inOrder(c.runner);
        order.verify(c.runner).checkWritable("--out", out);
        order.verify(c.runner).runAll(jobs.capture());
        List<TrainJob> sent = jobs.getValue();
        assertEquals(2, sent.size());
        for (int i = 0; i < 2; i++) {
            long seed = i + 1;
            assertEquals("plain (seed " + seed + ")", sent.get(i).label());
            assertEquals(
                    "train plain --data synthetic --seed " + seed + " --quiet --report "
                            + out.resolve("plain/seed-" + seed)
                            + " --html --train-limit 60 --threads 1 --blocks 1,1,1 --widths 4,4,4 --epochs 3",
                    String.join(" ", sent.get(i).args()));
            assertTrue(Files.isRegularFile(out.resolve("plain/seed-" + seed + "/report.json")));
        }
        assertTrue(Files.isRegularFile(out.resolve(ComparisonPage.NAME)));
        CompareCommand again = command(out, "--reuse");
        again.runner = inProcess();
        assertEquals(0, Captured.run(again::call).code());
        verify(again.runner, never()).runAll(anyList());
        verify(again.runner, never()).checkWritable("--out", out);
    }

    @Test
    void aRunThatFailsWhereItRanIsNamedWithItsPlaceAndCommandLine(@TempDir Path dir) {
        Path out = dir.resolve("cmp");
        CompareCommand c = command(out);
        c.runner = mock(JobRunner.class);
        Where far = new Where("executor-host", 4242);
        when(c.runner.runAll(anyList()))
                .thenReturn(List.of(new TrainJob.Done(0, far, 1), new TrainJob.Done(3, far, 1)));
        IllegalStateException e = assertThrows(IllegalStateException.class, c::call);
        assertTrue(
                e.getMessage()
                        .startsWith("the plain (seed 2) run failed (exit code 3 on executor-host (pid 4242)):"
                                + " resgrow train plain --data synthetic --seed 2"),
                e.getMessage());
        verify(c.runner, times(1)).runAll(anyList());
        assertFalse(Files.exists(out.resolve(ComparisonPage.NAME)));
    }

    @Test
    void sparkWithoutResgrowSparkIsRefusedBeforeAnyRun(@TempDir Path dir) {
        Path out = dir.resolve("cmp");
        CompareCommand c = command(out, "--spark", "local[1]");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, c::call);
        assertTrue(e.getMessage().contains("--spark"), e.getMessage());
        assertTrue(e.getMessage().contains("add resgrow-spark's jar"), e.getMessage());
        assertFalse(Files.exists(out.resolve("plain")));
    }
}
