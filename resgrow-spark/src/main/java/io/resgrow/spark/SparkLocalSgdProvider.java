package io.resgrow.spark;

import ai.djl.ndarray.NDManager;
import io.resgrow.core.cluster.LocalSgdPlan;
import io.resgrow.core.cluster.LocalSgdProvider;
import io.resgrow.core.history.TrainingReport;
import org.apache.spark.api.java.JavaSparkContext;

/** The {@code spark} provider of local SGD: {@link LocalSgdRun} on a context started on the master. */
public final class SparkLocalSgdProvider implements LocalSgdProvider {

    /** Creates the provider (ServiceLoader calls it). */
    public SparkLocalSgdProvider() {}

    @Override
    public String engine() {
        return "spark";
    }

    @Override
    public TrainingReport fit(String master, LocalSgdPlan plan) {
        LocalSgdRun.check(plan);
        try (JavaSparkContext sc = SparkClusters.context("master", master, null);
                NDManager manager = NDManager.newBaseManager()) {
            return LocalSgdRun.fit(sc, plan, manager).report();
        }
    }
}
