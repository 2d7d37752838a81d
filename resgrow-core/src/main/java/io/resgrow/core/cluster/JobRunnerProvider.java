package io.resgrow.core.cluster;

import io.resgrow.core.check.InvalidSettingException;
import java.util.ServiceLoader;

/**
 * Makes a {@link JobRunner} for a cluster, found through {@link ServiceLoader} so that a caller (the
 * command line's {@code compare --spark}) needs no compile-time dependency on the cluster's library:
 * resgrow-spark supplies the provider of {@code spark}.
 */
public interface JobRunnerProvider {

    /**
     * Returns the cluster engine's name.
     *
     * @return e.g. {@code spark}
     */
    String engine();

    /**
     * Connects to a cluster: checks the master and starts a session on it.
     *
     * @param master the master URL
     * @return the runner; close it (when it is {@link AutoCloseable}) after the jobs
     */
    JobRunner open(String master);

    /**
     * Finds the provider of an engine on the class path.
     *
     * @param engine e.g. {@code spark}
     * @param option the caller's name of the setting, for the error
     * @param value the setting's value, for the error
     * @return the provider
     * @throws InvalidSettingException if no provider of that engine is on the class path
     */
    static JobRunnerProvider find(String engine, String option, String value) {
        return Engines.find(JobRunnerProvider.class, JobRunnerProvider::engine, engine, option, value);
    }
}
