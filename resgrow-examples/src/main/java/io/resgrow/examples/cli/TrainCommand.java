package io.resgrow.examples.cli;

import io.resgrow.core.history.TrainingReport;
import io.resgrow.strategies.incremental.ValueAdded;
import io.resgrow.strategies.partitioned.PartitionedTable;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Trains a pre-activation ResNet with a strategy and prints {@code test_accuracy=.. seconds=..
 * params_sha256=.. peak_rss_mib=..} (the process's peak resident memory).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a ResNet with a strategy and print the result.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin TrainSetup setup;

    @Override
    public Integer call() {
        TrainingReport result = setup.fit();
        ValueAdded added = ValueAdded.of(result);
        if (!added.rows().isEmpty()) {
            System.out.print(added);
        }
        PartitionedTable stages = PartitionedTable.of(result);
        if (!stages.rows().isEmpty()) {
            System.out.print(stages);
        }
        result.events().stream().filter(e -> e.type().equals("placement")).reduce((a, b) -> b)
                .ifPresent(e -> System.out.println("placement: " + e.detail()));
        System.out.println(line(result));
        return 0;
    }

    /** The process's peak resident memory in MiB, or {@code n/a} where /proc is missing. */
    private static String peakRssMib() {
        try {
            return Long.toString(io.resgrow.examples.bench.Timings.peakRssKiB() / 1024);
        } catch (RuntimeException e) {
            return "n/a";
        }
    }

    static String line(TrainingReport result) {
        return String.format(Locale.ROOT, "test_accuracy=%.4f seconds=%.1f params_sha256=%s peak_rss_mib=%s",
                result.testAccuracy(), result.seconds(), result.paramsSha256(), peakRssMib());
    }
}
