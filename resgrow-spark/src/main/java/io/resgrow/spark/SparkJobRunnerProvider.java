package io.resgrow.spark;

import io.resgrow.core.cluster.JobRunner;
import io.resgrow.core.cluster.JobRunnerProvider;

/** The {@code spark} provider of {@link JobRunner}s: {@link SparkJobRunner#start} on a master. */
public final class SparkJobRunnerProvider implements JobRunnerProvider {

    /** Creates the provider (ServiceLoader calls it). */
    public SparkJobRunnerProvider() {}

    @Override
    public String engine() {
        return "spark";
    }

    @Override
    public JobRunner open(String master) {
        return SparkJobRunner.start(master, null);
    }
}
