package io.resgrow.bench;

import io.resgrow.examples.cli.OptionValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options of {@code bench partitioned}, and the arguments its PyTorch peer gets from them. */
final class PartitionedBenchOptions {

    @Option(
            names = "--stage-epochs",
            defaultValue = "4,2,2",
            description = "partitioned: epochs per branch, of the head, of fine-tuning")
    String stageEpochs;

    @Option(
            names = "--long-head",
            defaultValue = "20",
            description = "partitioned: head epochs of a second"
                    + " partitioned run, (q), 0 skips it (default: ${DEFAULT-VALUE})")
    int longHead;

    @Option(
            names = "--runs",
            defaultValue = "p,q,e,o,probe",
            description = "partitioned: which runs (p always" + " runs) (default: ${DEFAULT-VALUE})")
    String runs;

    @Option(
            names = "--subset",
            defaultValue = "0.5",
            description = "partitioned: fraction of the training part each branch trains on in stage 1 (1 is all of"
                    + " it, each branch in its own order) (default: ${DEFAULT-VALUE}, the paper's)")
    double subset;

    @Option(
            names = "--e2e-epochs",
            defaultValue = "0",
            description =
                    "partitioned: epochs of the end-to-end runs e and o; 0 gives them as many as p ran in all,"
                            + " every branch's stage-1 epochs counted, which with --subset 1 is about K times p's cost in"
                            + " stage 1: give the cost-equal count, e.g. 8 for --stage-epochs 7,8,0 (default: ${DEFAULT-VALUE})")
    int e2eEpochs;

    /**
     * Returns the benchmark's settings.
     *
     * @param data {@code --data}, or null
     * @param trainImages {@code --train-images}
     * @param seed the seed
     * @return the settings, checked
     */
    PartitionedBench.Settings settings(Path data, int trainImages, long seed) {
        return new PartitionedBench.Settings(
                data,
                trainImages,
                OptionValues.ints("--stage-epochs", stageEpochs),
                longHead,
                runList(),
                subset,
                e2eEpochs,
                seed);
    }

    private Set<String> runList() {
        return Set.copyOf(Arrays.asList(runs.split(",")));
    }

    /**
     * Returns the arguments of {@code partitioned_pytorch.py}: those of p, e, o the benchmark runs,
     * with its stage epochs, subset and end-to-end epochs.
     *
     * @param common the arguments every peer shares
     * @return the peer's arguments
     */
    List<String> peerArgs(List<String> common) {
        Set<String> asked = runList();
        List<String> peerRuns = new ArrayList<>();
        for (String r : List.of("p", "e", "o")) {
            if (r.equals("p") || asked.contains(r)) {
                peerRuns.add(r);
            }
        }
        List<String> a = new ArrayList<>(List.of(
                "--runs",
                String.join(",", peerRuns),
                "--stage-epochs",
                stageEpochs.replace(" ", ""),
                "--subset",
                String.format(Locale.ROOT, "%s", subset),
                "--e2e-epochs",
                Integer.toString(e2eEpochs),
                "--probe",
                asked.contains("probe") ? "on" : "off"));
        a.addAll(common);
        return a;
    }
}
