package io.resgrow.examples.cli;

import io.resgrow.core.PlainStrategy;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.check.Check;
import io.resgrow.core.cluster.LocalSgdPlan;
import io.resgrow.core.schedule.CosineRestarts;
import picocli.CommandLine.Option;

/** The options of {@code train plain}: a fixed number of epochs under a cosine schedule. */
public final class PlainOptions {

    @Option(names = "--epochs", defaultValue = "15", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", description = "peak learning rate (default 0.1)")
    Double lr;

    /** The cosine from --lr to a hundredth of it over --epochs, step by step. */
    private CosineRestarts schedule() {
        double peak = lr != null ? lr : 0.1;
        return new CosineRestarts(peak, peak / 100, new int[] {epochs}, true);
    }

    /**
     * The run as local SGD's one stage: the same epochs and schedule.
     *
     * @return the stage
     */
    LocalSgdPlan.Stage stage() {
        return new LocalSgdPlan.Stage(epochs, schedule());
    }

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
        run.schedule(schedule());
        if (batchSize != null) {
            run.batchSize(batchSize);
        }
    }
}
