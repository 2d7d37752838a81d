package io.resgrow.core.cluster;

import io.resgrow.core.check.InvalidSettingException;
import java.util.ServiceLoader;
import java.util.function.Function;

/** Finds a cluster engine's provider of some service on the class path, or says how to add it. */
public final class Engines {

    private Engines() {}

    /**
     * Finds the provider of {@code engine} among the class path's providers of {@code service}.
     *
     * @param service the service, e.g. {@link JobRunnerProvider}
     * @param engineOf a provider's engine name
     * @param engine e.g. {@code spark}
     * @param option the caller's name of the setting, for the error
     * @param value the setting's value, for the error
     * @param <P> the service
     * @return the provider
     * @throws InvalidSettingException if none is on the class path
     */
    public static <P> P find(
            Class<P> service, Function<P, String> engineOf, String engine, String option, String value) {
        for (P p : ServiceLoader.load(service)) {
            if (engineOf.apply(p).equals(engine)) {
                return p;
            }
        }
        throw new InvalidSettingException(
                option,
                value,
                "a class path with resgrow-" + engine + " and " + engine + " on it (this one has neither)",
                "add resgrow-" + engine + "'s jar to the class path, with " + engine + "'s own jars (spark-submit"
                        + " gives them), or drop " + option + " to run in this process");
    }
}
