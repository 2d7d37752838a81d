package io.resgrow.examples.cli;

import io.resgrow.core.InvalidSettingException;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.report.RunPage;
import java.nio.file.Path;
import io.resgrow.strategies.incremental.ValueAdded;
import io.resgrow.strategies.partitioned.PartitionedTable;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains a pre-activation ResNet with a strategy and prints {@code test_accuracy=.. seconds=..
 * params_sha256=.. peak_rss_mib=..} (the process's peak resident memory).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a ResNet with a strategy and print the result.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin TrainSetup setup;

    @Spec CommandSpec spec;

    @Option(names = "--html", description = "with --report DIR: also write DIR/report.html and PNG charts")
    boolean html;

    @Option(names = "--save", description = "write the trained network to DIR (DJL's format plus model.json) for"
            + " resgrow evaluate and DJL's Model/Predictor")
    Path save;

    @Override
    public Integer call() {
        if (html && setup.report == null) {
            throw new InvalidSettingException("--html", true, "--html together with --report DIR",
                    "add --report with the directory for report.json, report.html and the charts");
        }
        setup.saveTo(save);
        String header = setup.header();
        System.out.println(header);
        Map<String, String> provenance = CommandProvenance.of(spec, header, setup.seed, setup.data);
        setup.provenance(provenance);
        TrainingReport result = setup.fit();
        if (setup.report != null) {
            // report.json holds it too (with the run's settings); the separate file stays for older readers
            CommandProvenance.write(provenance, setup.report);
        }
        if (html) {
            RunPage.write(result, result.provenance(), setup.report);
        }
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

    /**
     * Prepares the run a {@code train} command line describes, without running it (for the
     * benchmarks that time a real training epoch).
     *
     * @param args the arguments after {@code train}
     * @return the prepared run
     */
    public static TrainSetup.Prepared prepare(String... args) {
        TrainCommand train = new TrainCommand();
        new picocli.CommandLine(train).parseArgs(args);
        return train.setup.prepare();
    }

    /** The process's peak resident memory in MiB, or {@code n/a} where /proc is missing. */
    private static String peakRssMib() {
        try {
            return Long.toString(ProcessMemory.peakRssKiB() / 1024);
        } catch (RuntimeException e) {
            return "n/a";
        }
    }

    static String line(TrainingReport result) {
        return String.format(Locale.ROOT, "test_accuracy=%.4f seconds=%.1f params_sha256=%s peak_rss_mib=%s",
                result.testAccuracy(), result.seconds(), result.paramsSha256(), peakRssMib());
    }
}
