package io.resgrow.core.cluster;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.history.TrainingReport;

/**
 * Trains a {@link LocalSgdPlan} on a cluster, found through {@link java.util.ServiceLoader} so that
 * a caller (the command line's {@code train plain --spark}) needs no compile-time dependency on the
 * cluster's library: resgrow-spark supplies the provider of {@code spark}.
 */
public interface LocalSgdProvider {

    /**
     * Returns the cluster engine's name.
     *
     * @return e.g. {@code spark}
     */
    String engine();

    /**
     * Connects to a cluster, trains the plan on it and disconnects.
     *
     * @param master the master URL
     * @param plan the training
     * @return the run's report (also written to the plan's report directory)
     */
    TrainingReport fit(String master, LocalSgdPlan plan);

    /**
     * Finds the provider of an engine on the class path.
     *
     * @param engine e.g. {@code spark}
     * @param option the caller's name of the setting, for the error
     * @param value the setting's value, for the error
     * @return the provider
     * @throws InvalidSettingException if no provider of that engine is on the class path
     */
    static LocalSgdProvider find(String engine, String option, String value) {
        return Engines.find(LocalSgdProvider.class, LocalSgdProvider::engine, engine, option, value);
    }
}
