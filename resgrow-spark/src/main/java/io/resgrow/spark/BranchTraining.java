package io.resgrow.spark;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.ElsewherePhases;
import io.resgrow.core.ResGrow;
import io.resgrow.core.RunBuilder;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.checkpoint.CorruptCheckpointException;
import io.resgrow.core.cluster.Where;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.network.Fused;
import io.resgrow.models.Architectures;
import io.resgrow.strategies.partitioned.BranchSpec;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's side of a branch task: builds the network from its architecture, takes the
 * branch and a proxy head with the driver's starting parameters, and trains them through the
 * library's own run under the phase's ordinal, so that the phase is the one the driver would have
 * run (same data order, augmentation and dropout draws). Returns the trained parameters and the
 * phase's records.
 *
 * <p>With a branch directory ({@link BranchFiles}) the branch's run checkpoints every epoch's end
 * there and resumes from the newest valid checkpoint it finds (a retried task continues where the
 * killed one stopped; core's resume is exact), and the finished outcome is written there: a later
 * task for the branch returns it without training. A corrupt outcome is never loaded: the task
 * trains again from the branch's newest valid checkpoint (after a finished branch, its last epoch:
 * nothing to train) and reports the fault.
 */
final class BranchTraining implements Function<BranchTask, BranchOutcome> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(BranchTraining.class);

    @Override
    public BranchOutcome call(BranchTask task) {
        long start = System.nanoTime();
        TaskContext tc = TaskContext.get();
        int attempt = tc == null ? 0 : tc.attemptNumber();
        Path dir = task.checkpoints() == null ? null : Path.of(task.checkpoints());
        String fingerprint = dir == null ? null : BranchFiles.fingerprint(task);
        String fault = "";
        if (dir != null) {
            try {
                Optional<BranchOutcome> done = BranchFiles.read(dir, fingerprint);
                if (done.isPresent()) {
                    Where here = Where.here();
                    return done.get()
                            .reused(here.host(), executor(), here.pid(), attempt, (System.nanoTime() - start) / 1e9);
                }
            } catch (CorruptCheckpointException e) {
                LOG.warn("Branch {}: not loading its outcome: {}", task.spec().branch(), e.getMessage());
                fault = e.fault();
            }
        }
        ExecutorThreads.byDefault(task.threads() > 0 ? task.threads() : (tc == null ? 0 : tc.cpus()));
        // the GPU Spark gave this task, if any (else the engine's default devices, as in one process)
        Device device = ExecutorDevice.of(tc);
        boolean had = Recipes.has(task.data());
        DataRecipe.Made data = Recipes.make(task.data());
        double dataSeconds = had ? 0 : (System.nanoTime() - start) / 1e9;
        long trainStart = System.nanoTime();
        BranchSpec spec = task.spec();
        Shape sample = new Shape(task.sampleShape());
        Shape batch = new Shape(prepend(task.sampleShape()));
        PhaseResult[] result = new PhaseResult[1];
        byte[][] trained = new byte[1][];
        TrainingReport report;
        try (NDManager manager = device != null ? NDManager.newBaseManager(device) : NDManager.newBaseManager()) {
            Fused net = (Fused) Architectures.build(Json.architecture(task.architecture()), sample);
            Block branch = spec.alone(net);
            branch.initialize(manager, DataType.FLOAT32, batch);
            Block proxy = spec.newProxy();
            proxy.initialize(manager, DataType.FLOAT32, branch.getOutputShapes(new Shape[] {batch}));
            Block forward = new SequentialBlock().add(branch).add(proxy);
            ParameterBytes.load(forward, task.params());
            TrainingStrategy one = new TrainingStrategy() {
                @Override
                public String describe() {
                    return "partitioned stage 1, " + spec.phaseName() + " (phase " + task.ordinal() + ")";
                }

                @Override
                public void run(TrainingContext ctx) {
                    ElsewherePhases.reserve(ctx, task.ordinal());
                    result[0] = ctx.runPhase(spec.phase(forward, spec.subset(data.train())));
                    trained[0] = ParameterBytes.of(forward);
                }
            };
            RunBuilder run = ResGrow.train(forward, sample)
                    .on(data.train(), data.validation())
                    .preprocess(data.preprocess())
                    .augment(data.augment())
                    .seed(task.seed())
                    .evalBatchSize(task.evalBatchSize())
                    .learningRateScale(task.learningRateScale())
                    .divergenceCheck(task.divergenceCheck())
                    .strategy(one)
                    .quiet();
            if (device != null) {
                // a retry may get another GPU of the machine: its checkpoint then resumes there
                run.devices(device).resumeWithChanges(true);
            }
            if (dir != null) {
                // every epoch's end on shared storage; a retried task continues from the newest valid one
                run.checkpoints(dir).resume(true);
            }
            report = run.fit();
        }
        int resumedEpoch = resumedEpoch(report);
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        Where here = Where.here(); // one host-name lookup for the outcome
        BranchOutcome outcome = new BranchOutcome(
                spec.branch(),
                trained[0],
                Json.of(result[0]),
                Json.of(report.epochs()),
                here.host(),
                executor(),
                here.pid(),
                Integer.getInteger(ExecutorThreads.PROPERTY, 0),
                dataSeconds,
                trainSeconds,
                (System.nanoTime() - start) / 1e9,
                attempt,
                resumedEpoch < 0 ? BranchOutcome.TRAINED : BranchOutcome.RESUMED,
                resumedEpoch,
                fault);
        if (dir != null) {
            BranchFiles.write(dir, fingerprint, outcome);
        }
        return outcome;
    }

    /** The epochs done at the checkpoint the branch's run resumed from, -1 if it started afresh. */
    private static int resumedEpoch(TrainingReport report) {
        for (RunEvent e : report.events()) {
            if ("resume".equals(e.type()) && Boolean.TRUE.equals(e.data().get("found"))) {
                return ((Number) e.data().get("epoch")).intValue();
            }
        }
        return -1;
    }

    private static String executor() {
        return SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
    }

    private static long[] prepend(long[] sample) {
        long[] dims = new long[sample.length + 1];
        dims[0] = 1;
        System.arraycopy(sample, 0, dims, 1, sample.length);
        return dims;
    }
}
