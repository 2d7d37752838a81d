package io.resgrow.examples.cli;

import io.resgrow.core.history.TrainingReport;
import io.resgrow.examples.report.ReportFile;
import io.resgrow.examples.report.RunPage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Renders {@code report.html} and PNG charts from a finished run's {@code report.json}. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Render report.html and PNG charts from a run's report.json.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "the run's directory (given to train --report) or its report.json")
    Path run;

    @Option(names = "--out", description = "where to write report.html and the PNGs (default: the run's directory)")
    Path out;

    @Override
    public Integer call() {
        TrainingReport report = ReportFile.read("DIR", run);
        Path runDir = run.toFile().isDirectory() ? run : run.toAbsolutePath().getParent();
        Path dir = out != null ? out : runDir;
        OutputDirs.checkWritable("--out", dir);
        // report.json's own provenance; provenance.json for reports written before it held one
        var provenance = report.provenance().isEmpty() ? CommandProvenance.read(runDir) : report.provenance();
        System.out.println("wrote " + RunPage.write(report, provenance, dir));
        return 0;
    }
}
