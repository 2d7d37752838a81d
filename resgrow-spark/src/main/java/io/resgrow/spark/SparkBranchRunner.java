package io.resgrow.spark;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.ElsewherePhases;
import io.resgrow.core.RunSettings;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.metric.Objective;
import io.resgrow.core.network.Rebuildable;
import io.resgrow.strategies.partitioned.BranchRunner;
import io.resgrow.strategies.partitioned.BranchWork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Stage 1 of {@code PartitionedStrategy} on a Spark cluster: each branch is one task. The driver
 * (the run's process) attaches every branch's proxy head as the strategy always does, reserves the
 * branch's phase ordinal and sends a {@link BranchTask} (plain values: the branch's work, the
 * network's architecture, the run's settings the phase reads, the starting parameters as bytes,
 * the data's {@link DataRecipe}); the executor builds the branch and its proxy, trains them on the
 * branch's subset through the library's own run, and returns the parameters and the phase's
 * records, which the driver loads and adopts before stages 2 and 3, in its own process. Same
 * seeds and the same libtorch thread count give the same parameters, bit for bit, as stage 1 in
 * one process. Events {@code branch-elsewhere} (per branch: host, executor, process, threads,
 * seconds, bytes) and {@code stage1-elsewhere} (the stage's wall time and the share Spark took)
 * go into the run's report.
 *
 * <p>Faults: with a checkpoint directory (on storage every executor mounts) each branch checkpoints
 * at every epoch's end and writes its finished outcome under {@code DIR/branches} ({@link
 * BranchFiles}); a task Spark retries after its executor died continues the branch from its newest
 * checkpoint, bit-identical, and a task for a finished branch returns its outcome without training.
 * A driver resumed without a checkpoint of its own sends the branches again and gets the finished
 * ones back untrained; with one (stages 2 and 3) it replays stage 1 and sends nothing; without
 * resume it empties {@code DIR/branches} first. Events {@code branch-resumed}, {@code
 * branch-reused} and {@code branch-outcome-refused} record it.
 *
 * <p>Every executor runs one training at a time ({@code spark.task.cpus} = its cores, checked) and
 * gives libtorch that many threads unless told otherwise ({@link #threads}). Not supported: a
 * network placed on devices, offloading, a loss or evaluators other than the default, speculative
 * tasks with checkpoints. See
 * docs/spark.md.
 */
public final class SparkBranchRunner implements BranchRunner, AutoCloseable {

    private final JavaSparkContext sc;
    private final boolean owned;
    private final DataRecipe data;
    private final int threads;

    private SparkBranchRunner(JavaSparkContext sc, boolean owned, DataRecipe data, int threads) {
        this.sc = sc;
        this.owned = owned;
        this.data = data;
        this.threads = threads;
    }

    /**
     * Runs the branches on a context the caller made (and closes).
     *
     * @param sc the Spark context
     * @param data the recipe of the run's data, which the run's own data must come from too
     * @return the runner
     */
    public static SparkBranchRunner on(JavaSparkContext sc, DataRecipe data) {
        SparkClusters.checkOneTrainingPerExecutor(sc.master(), sc.getConf());
        return new SparkBranchRunner(sc, false, data, 0);
    }

    /**
     * Checks that the master answers, then starts a Spark context on it with one training per
     * executor ({@code spark.task.cpus} = the executor's cores when the master string or {@code
     * spark.executor.cores} tells them); {@link #close} stops it.
     *
     * @param master the master URL, e.g. {@code local[1]}, {@code local-cluster[2,1,1024]}, {@code
     *     spark://host:7077}
     * @param conf further settings (the application's jars, memory), or null
     * @param data the recipe of the run's data
     * @return the runner
     */
    public static SparkBranchRunner start(String master, SparkConf conf, DataRecipe data) {
        return new SparkBranchRunner(SparkClusters.context("master", master, conf), true, data, 0);
    }

    /**
     * Returns a runner that gives libtorch {@code count} intra-op threads on each executor (to
     * match another run's count; libtorch reads it when an executor loads the engine).
     *
     * @param count >= 1
     * @return the runner
     */
    public SparkBranchRunner threads(int count) {
        if (count < 1) {
            throw new InvalidSettingException(
                    "threads", count, "1 or more", "give the executors' libtorch at least one thread");
        }
        return new SparkBranchRunner(sc, owned, data, count);
    }

    /** The Spark context the branches train on (stage 3's local SGD shares it). */
    JavaSparkContext context() {
        return sc;
    }

    /** The recipe of the run's data, which every executor makes. */
    DataRecipe data() {
        return data;
    }

    @Override
    public void check(TrainingContext ctx, List<BranchWork> work) {
        RunSettings s = ctx.settings();
        if (!(ctx.network() instanceof Rebuildable r)) {
            throw new InvalidSettingException(
                    "network",
                    ctx.network().getClass().getSimpleName(),
                    "a network an executor can build again from its architecture (MonolithNet)",
                    "train a MonolithNet, or your own branches in one process (no SparkBranchRunner)");
        }
        r.architecture();
        refuse(ctx.isPlaced(), "placement", "a network placed on devices", "drop ModelParallelBranches");
        refuse(
                !s.objective().evaluators().isEmpty()
                        || !s.objective()
                                .toString()
                                .equals(Objective.classification().toString()),
                "objective",
                s.objective(),
                "leave the loss and evaluators at their default");
        SparkClusters.checkNoSpeculation(sc.getConf(), s.checkpoints() != null);
        DataRecipe.Made made = Recipes.make(data);
        if (made.train().count() != s.train().count() || count(made.validation()) != count(s.validation())) {
            throw new InvalidSettingException(
                    "data",
                    data.describe(),
                    "the recipe the run's own data came from: the run has "
                            + s.train().count() + " training and "
                            + count(s.validation()) + " validation samples, the recipe makes "
                            + made.train().count() + " and " + count(made.validation()),
                    "build the run's data from the same DataRecipe (recipe.make())");
        }
        if (!ctx.isReplaying()) {
            // a run resumed past stage 1 sends no task (see run)
            SparkClusters.checkData(sc, data, Math.max(1, SparkClusters.executors(sc.master())));
        }
    }

    @Override
    public void run(TrainingContext ctx, List<BranchWork> work) {
        RunSettings s = ctx.settings();
        if (ctx.isReplaying()) {
            // the run resumes from its own checkpoint, which a Spark run writes in stages 2 and 3
            // only: every branch's phase is recorded there and none trains again
            BranchRunner.IN_PROCESS.run(ctx, work);
            return;
        }
        Path root = s.checkpoints() == null ? null : s.checkpoints().directory().resolve(BranchFiles.ROOT);
        if (root != null && !s.resume() && BranchFiles.clear(root)) {
            ctx.event(
                    "branch-checkpoints-cleared",
                    "a run that does not resume trains its branches afresh: " + root + " emptied",
                    Map.of("dir", root.toString()));
        }
        String architecture = Json.of(((Rebuildable) ctx.network()).architecture());
        Shape sample = s.inputShape();
        List<BranchTask> tasks = new ArrayList<>();
        for (BranchWork w : work) {
            w.prepare();
            BranchTask task = new BranchTask(
                    w.spec(),
                    ElsewherePhases.reserve(ctx, 1),
                    architecture,
                    sample.getShape(),
                    s.seed(),
                    s.evalBatchSize(),
                    s.learningRateScale(),
                    s.divergenceCheck(),
                    ParameterBytes.of(w.forward()),
                    data,
                    threads,
                    null);
            tasks.add(
                    root == null
                            ? task
                            : task.withCheckpoints(BranchFiles.dir(root, task).toString()));
        }
        long start = System.nanoTime();
        List<BranchOutcome> outcomes = ElsewherePhases.await(() ->
                sc.parallelize(tasks, tasks.size()).map(new BranchTraining()).collect());
        double wall = (System.nanoTime() - start) / 1e9;
        double longest = 0;
        for (int i = 0; i < work.size(); i++) {
            BranchWork w = work.get(i);
            BranchOutcome o = outcomes.get(i);
            ParameterBytes.load(w.forward(), o.params());
            PhaseResult result = ElsewherePhases.adopt(ctx, Json.result(o.result()), Json.epochs(o.epochs()));
            ctx.event("branch-elsewhere", describe(o, tasks.get(i)), data(o, tasks.get(i)));
            BranchEvents.record(ctx, o, tasks.get(i));
            w.finish(result);
            longest = Math.max(longest, o.taskSeconds());
        }
        double overhead = Math.max(0, wall - longest);
        ctx.event(
                "stage1-elsewhere",
                String.format(
                        Locale.ROOT,
                        "stage 1 on %s: %d branches in %.1f s, the longest task %.1f s; Spark %.1f s (%.0f%%)",
                        sc.master(),
                        work.size(),
                        wall,
                        longest,
                        overhead,
                        100 * overhead / Math.max(wall, 1e-9)),
                Map.of("master", sc.master(), "seconds", wall, "longestTask", longest, "sparkSeconds", overhead));
    }

    private static String describe(BranchOutcome o, BranchTask t) {
        return String.format(
                Locale.ROOT,
                "branch %d on %s, executor %s (pid %d, %d threads, attempt %d): %s in %.1f s, task %.1f s,"
                        + " %d bytes there, %d back",
                o.branch(),
                o.host(),
                o.executor(),
                o.pid(),
                o.threads(),
                o.attempt(),
                o.origin(),
                o.trainSeconds(),
                o.taskSeconds(),
                t.params().length,
                o.params().length);
    }

    private static Map<String, Object> data(BranchOutcome o, BranchTask t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("branch", o.branch());
        d.put("host", o.host());
        d.put("executor", o.executor());
        d.put("pid", o.pid());
        d.put("threads", o.threads());
        d.put("dataSeconds", o.dataSeconds());
        d.put("trainSeconds", o.trainSeconds());
        d.put("taskSeconds", o.taskSeconds());
        d.put("bytesSent", t.params().length);
        d.put("bytesReturned", o.params().length);
        d.put("attempt", o.attempt());
        d.put("origin", o.origin());
        d.put("resumedEpoch", o.resumedEpoch());
        return d;
    }

    private static int count(BatchSource set) {
        return set == null ? 0 : set.count();
    }

    private static void refuse(boolean bad, String parameter, Object value, String fix) {
        if (bad) {
            throw new InvalidSettingException(
                    parameter, value, "not set when a SparkBranchRunner trains the branches", fix);
        }
    }

    @Override
    public void close() {
        if (owned) {
            sc.close();
        }
    }

    @Override
    public String toString() {
        return "SparkBranchRunner(" + sc.master() + ")";
    }
}
