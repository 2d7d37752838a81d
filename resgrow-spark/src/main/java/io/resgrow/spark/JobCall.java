package io.resgrow.spark;

import io.resgrow.core.cluster.Job;
import java.io.Serializable;
import org.apache.spark.api.java.function.Function;

/**
 * The executor's side of a {@link Job}: gives libtorch the task's cores as its default intra-op
 * thread count (not in the driver's own JVM, where a local master runs its tasks under the
 * driver's settings), then runs the job.
 *
 * @param <T> the job's result
 */
final class JobCall<T extends Serializable> implements Function<Job<T>, T> {

    private static final long serialVersionUID = 1L;

    @Override
    public T call(Job<T> job) {
        ExecutorThreads.forThisTask();
        return job.call();
    }
}
