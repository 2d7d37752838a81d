package io.resgrow.spark;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.ElsewherePhases;
import io.resgrow.core.ResGrow;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.network.Fused;
import io.resgrow.models.Architectures;
import io.resgrow.strategies.partitioned.BranchSpec;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * The executor's side of a branch task: builds the network from its architecture, takes the
 * branch and a proxy head with the driver's starting parameters, and trains them through the
 * library's own run under the phase's ordinal, so that the phase is the one the driver would have
 * run (same data order, augmentation and dropout draws). Returns the trained parameters and the
 * phase's records.
 */
final class BranchTraining implements Function<BranchTask, BranchOutcome> {

    private static final long serialVersionUID = 1L;

    /** libtorch reads its intra-op thread count once, when the engine loads. */
    private static final String THREADS = "ai.djl.pytorch.num_threads";

    @Override
    public BranchOutcome call(BranchTask task) {
        long start = System.nanoTime();
        TaskContext tc = TaskContext.get();
        int threads = task.threads() > 0 ? task.threads() : (tc == null ? 0 : tc.cpus());
        if (System.getProperty(THREADS) == null && threads > 0) {
            System.setProperty(THREADS, Integer.toString(threads));
        }
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
        try (NDManager manager = NDManager.newBaseManager()) {
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
            report = ResGrow.train(forward, sample)
                    .on(data.train(), data.validation())
                    .preprocess(data.preprocess())
                    .augment(data.augment())
                    .seed(task.seed())
                    .evalBatchSize(task.evalBatchSize())
                    .learningRateScale(task.learningRateScale())
                    .divergenceCheck(task.divergenceCheck())
                    .strategy(one)
                    .quiet()
                    .fit();
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        return new BranchOutcome(
                spec.branch(),
                trained[0],
                Json.of(result[0]),
                Json.of(report.epochs()),
                host(),
                SparkEnv.get() == null ? "?" : SparkEnv.get().executorId(),
                ProcessHandle.current().pid(),
                Integer.getInteger(THREADS, 0),
                dataSeconds,
                trainSeconds,
                (System.nanoTime() - start) / 1e9);
    }

    private static long[] prepend(long[] sample) {
        long[] dims = new long[sample.length + 1];
        dims[0] = 1;
        System.arraycopy(sample, 0, dims, 1, sample.length);
        return dims;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
