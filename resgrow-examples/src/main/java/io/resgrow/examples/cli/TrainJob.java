package io.resgrow.examples.cli;

import io.resgrow.core.cluster.Job;
import io.resgrow.core.cluster.Where;
import java.io.Serializable;
import java.util.List;

/**
 * One {@code resgrow train} command line as a {@link Job}: {@code compare} hands its runs to a
 * {@link io.resgrow.core.cluster.JobRunner}, which runs them here or as Spark tasks; each run
 * writes its report where its {@code --report} says.
 *
 * @param label what the run is, e.g. {@code plain (seed 1)}
 * @param args the command line without {@code resgrow}
 */
record TrainJob(String label, List<String> args) implements Job<TrainJob.Done> {

    private static final long serialVersionUID = 1L;

    /** Copies the arguments (a serialisable list). */
    TrainJob {
        args = List.copyOf(args);
    }

    @Override
    public Done call() {
        System.out.println("== " + label + " ==");
        long start = System.nanoTime();
        int code = ResgrowCli.execute(args.toArray(String[]::new));
        return new Done(code, Where.here(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * How a run ended.
     *
     * @param code the command's exit code
     * @param where where it ran
     * @param seconds how long it took there
     */
    record Done(int code, Where where, double seconds) implements Serializable {

        private static final long serialVersionUID = 1L;
    }
}
