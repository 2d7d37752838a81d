package io.resgrow.strategies.partitioned;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.cluster.Engines;
import io.resgrow.core.data.DataRecipe;
import java.util.ServiceLoader;

/**
 * Makes a {@link BranchRunner} for a cluster, found through {@link ServiceLoader} so that a caller
 * (the command line's {@code --spark}) needs no compile-time dependency on the cluster's library:
 * resgrow-spark supplies the provider of {@code spark}.
 */
public interface BranchRunnerProvider {

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
     * @param data the recipe the run's data comes from, which every executor makes too
     * @return the runner; close it (when it is {@link AutoCloseable}) after the run
     */
    BranchRunner open(String master, DataRecipe data);

    /**
     * Returns a runner that fine-tunes stage 3 as local SGD on the same cluster as {@code opened}.
     *
     * @param opened a branch runner this provider opened
     * @param workers tasks per round
     * @param stepsPerRound steps each worker trains between two averagings
     * @return the runner
     * @throws UnsupportedOperationException if the engine has no local SGD
     */
    default FineTuneRunner localSgdFineTune(BranchRunner opened, int workers, int stepsPerRound) {
        throw new UnsupportedOperationException(engine() + " does not fine-tune as local SGD");
    }

    /**
     * Finds the provider of an engine on the class path.
     *
     * @param engine e.g. {@code spark}
     * @param option the caller's name of the setting, for the error
     * @param value the setting's value, for the error
     * @return the provider
     * @throws InvalidSettingException if no provider of that engine is on the class path
     */
    static BranchRunnerProvider find(String engine, String option, String value) {
        return Engines.find(BranchRunnerProvider.class, BranchRunnerProvider::engine, engine, option, value);
    }
}
