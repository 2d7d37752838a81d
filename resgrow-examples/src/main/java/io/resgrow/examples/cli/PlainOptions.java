package io.resgrow.examples.cli;

import io.resgrow.core.PlainStrategy;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.Check;
import io.resgrow.core.schedule.CosineRestarts;
import picocli.CommandLine.Option;

/** The options of {@code train plain}: a fixed number of epochs under a cosine schedule. */
public final class PlainOptions {

    @Option(names = "--epochs", defaultValue = "15", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", description = "peak learning rate (default 0.1)")
    Double lr;

    /** Checks the options under their own names. */
    void check() {
        Check.positive("--epochs", epochs);
        if (lr != null) {
            Check.positive("--lr", lr);
        }
    }

    /** Builds the strategy. */
    TrainingStrategy strategy() {
        return PlainStrategy.epochs(epochs);
    }

    /**
     * Plain training uses the run's schedule and batch size (see {@code RunSetting}: each setting
     * has one place, so the run and the strategy never both hold one).
     *
     * @param run the run's builder
     * @param batchSize {@code --batch-size}, or null
     */
    void configure(RunBuilder run, Integer batchSize) {
        double peak = lr != null ? lr : 0.1;
        run.schedule(new CosineRestarts(peak, peak / 100, new int[] {epochs}, true));
        if (batchSize != null) {
            run.batchSize(batchSize);
        }
    }
}
