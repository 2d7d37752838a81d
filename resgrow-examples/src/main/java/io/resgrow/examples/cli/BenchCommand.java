package io.resgrow.examples.cli;

import io.resgrow.examples.bench.AugmentBench;
import io.resgrow.examples.bench.StepBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Benchmarks: {@code augment} (batching and augmentation throughput), {@code step} (training step). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark: augment | step.")
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "augment or step")
    String which;

    @Option(names = "--blocks", defaultValue = "3,3,3", description = "step: blocks per stage")
    String blocks;

    @Option(names = "--batch", defaultValue = "128", description = "batch size")
    int batch;

    @Option(names = "--steps", defaultValue = "30", description = "step: timed steps")
    int steps;

    @Override
    public Integer call() {
        switch (which) {
            case "augment":
                AugmentBench.run(batch);
                return 0;
            case "step":
                StepBench.run(TrainCommand.ints("--blocks", blocks), batch, steps);
                return 0;
            default:
                throw new io.resgrow.core.InvalidSettingException("bench", which, "augment or step",
                        "run 'resgrow bench augment' or 'resgrow bench step'");
        }
    }
}
