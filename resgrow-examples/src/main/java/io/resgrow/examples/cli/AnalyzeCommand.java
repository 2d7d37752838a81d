package io.resgrow.examples.cli;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.history.Json;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.models.analysis.LesionStudy;
import io.resgrow.models.analysis.ResidualNorms;
import io.resgrow.models.block.ResNet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Trains like {@code train}, then runs the analysis of Chang et al. section 3 on the trained
 * network: residual-module norms on a test batch and the lesion study, as tables and JSON.
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = "Train, then print residual-module norms and a lesion study: analyze STRATEGY [options].",
        subcommands = {
            PlainCommand.class,
            MultiLevelCommand.class,
            IncrementalCommand.class,
            PartitionedCommand.class,
            ModelParallelCommand.class
        })
public final class AnalyzeCommand implements Callable<Integer>, RunAction {

    @Option(names = "--strategy", hidden = true, description = "the strategy (the alias of analyze STRATEGY)")
    String strategy;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "also write the analysis as JSON to this file")
    Path json;

    @Option(
            names = "--norm-samples",
            scope = ScopeType.INHERIT,
            defaultValue = "500",
            description = "test images for the norms")
    int normSamples;

    @Override
    public Integer call() {
        // reached only through the --strategy alias with a strategy of no such name
        throw new InvalidSettingException(
                "--strategy",
                strategy,
                "plain, multilevel, incremental, partitioned or modelparallel",
                "use --strategy plain, multilevel, incremental, partitioned or modelparallel");
    }

    @Override
    public int run(TrainSetup setup) {
        if (json != null) {
            OutputDirs.checkWritableFile("--json", json);
        }
        String arch = setup.spec().commandLine().getParseResult().matchedOptionValue("--arch", "resnet");
        if (arch.equals("vgg")) {
            // a VGG has no residual modules to measure: refused before the data is read
            throw new InvalidSettingException(
                    "--arch", arch, "resnet (a network of residual modules)", "drop --arch " + arch);
        }
        TrainSetup.Prepared p = setup.prepare();
        if (!(p.network() instanceof ResNet net)) {
            throw new InvalidSettingException(
                    "--strategy",
                    setup.strategyName(),
                    "plain or multilevel",
                    "analyze measures ResNets trained by --strategy plain or multilevel");
        }
        TrainingReport report = p.run().fit();
        System.out.println(TrainCommand.line(report));
        int[] idx = new int[Math.min(normSamples, p.test().count())];
        Arrays.setAll(idx, i -> i);
        HostBatch batch = p.test().batch(idx);
        p.normalize().apply(batch, null);
        List<ResidualNorms.Row> norms = ResidualNorms.measure(net, batch);
        List<LesionStudy.Row> lesions = LesionStudy.run(
                net,
                p.test(),
                b -> p.normalize().apply(b, null),
                500,
                setup.options().seed());
        System.out.println("residual-module norms (mean L2 over " + idx.length + " test images)");
        System.out.println(
                String.format(Locale.ROOT, "%5s %5s %12s %12s %8s", "stage", "block", "|Y|", "|G(Y)|", "ratio"));
        for (ResidualNorms.Row r : norms) {
            System.out.println(String.format(
                    Locale.ROOT,
                    "%5d %5d %12.3f %12.3f %8.3f",
                    r.stage(),
                    r.block(),
                    r.inputNorm(),
                    r.residualNorm(),
                    r.residualNorm() / r.inputNorm()));
        }
        System.out.println("lesion study (test accuracy)");
        for (LesionStudy.Row r : lesions) {
            String what = r.stage() == 0
                    ? "no lesion"
                    : r.block() == 0
                            ? "stage " + r.stage() + " shuffled"
                            : "stage " + r.stage() + " block " + r.block() + " removed";
            System.out.println(String.format(Locale.ROOT, "%-28s %.4f", what, r.accuracy()));
        }
        if (json != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("testAccuracy", report.testAccuracy());
            out.put("residualNorms", norms);
            out.put("lesions", lesions);
            try {
                Files.writeString(json, Json.write(out));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + json, e);
            }
        }
        return 0;
    }
}
