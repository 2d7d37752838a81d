package io.resgrow.spark;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.ElsewherePhases;
import io.resgrow.core.RunSettings;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.check.Check;
import io.resgrow.core.cluster.LocalSgdPlan;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.data.Seeds;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.strategies.partitioned.FineTuneRunner;
import io.resgrow.strategies.partitioned.FineTuneStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Partitioned stage 3 as local SGD on Spark executors ({@link LocalSgdRun}): the fused network the
 * driver ended stage 2 with is sent to {@code workers} tasks a round, each trains {@code k} steps of
 * the stage's schedule on its shard, the driver averages; at the end the driver loads the result
 * into the run's network and adopts the stage's epochs into the run's history (phase {@code
 * fine-tune}). Each worker's batch is the stage's batch divided among the workers; momentum and
 * weight decay are the stage's (decay on all parameters, as the stage's SGD). With a checkpoint directory the stage
 * checkpoints after every epoch under {@code DIR/fine-tune-local-sgd/}, and a resumed run continues
 * it there; a run that does not resume clears it first. Not bit-identical to stage 3 in one process:
 * local SGD is another algorithm (see {@code docs/spark.md}).
 */
public final class LocalSgdFineTune implements FineTuneRunner {

    /** The stage's checkpoint directory under the run's. */
    static final String DIR = "fine-tune-local-sgd";

    private final JavaSparkContext sc;
    private final DataRecipe data;
    private final int workers;
    private final int steps;

    private LocalSgdFineTune(JavaSparkContext sc, DataRecipe data, int workers, int steps) {
        this.sc = sc;
        this.data = data;
        this.workers = workers;
        this.steps = steps;
    }

    /**
     * Stage 3 on a branch runner's Spark context and data recipe.
     *
     * @param runner the run's branch runner (stage 1 on the same executors)
     * @param workers tasks per round, >= 1
     * @param stepsPerRound k, >= 1
     * @return the runner
     */
    public static LocalSgdFineTune on(SparkBranchRunner runner, int workers, int stepsPerRound) {
        return new LocalSgdFineTune(
                runner.context(),
                runner.data(),
                Check.positive("workers", workers),
                Check.positive("stepsPerRound", stepsPerRound));
    }

    @Override
    public PhaseResult run(TrainingContext ctx, FineTuneStage stage) {
        RunSettings s = ctx.settings();
        int ordinal = ElsewherePhases.reserve(ctx, 1);
        Path dir = s.checkpoints() == null ? null : s.checkpoints().directory().resolve(DIR);
        if (dir != null && !s.resume() && BranchFiles.clear(dir)) {
            ctx.event(
                    "fine-tune-checkpoints-cleared",
                    "a run that does not resume fine-tunes afresh: " + dir + " emptied",
                    Map.of("dir", dir.toString()));
        }
        Shape sample = s.inputShape();
        LocalSgdPlan plan = new LocalSgdPlan(
                ctx.network(),
                sample,
                data,
                null,
                workers,
                steps,
                Math.max(1, (stage.batchSize() + workers - 1) / workers),
                List.of(new LocalSgdPlan.Stage(stage.epochs(), stage.phase().schedule())),
                stage.momentum(),
                stage.weightDecay(),
                false,
                Seeds.mix(s.seed(), ordinal),
                dir,
                s.checkpoints() == null ? 2 : s.checkpoints().keep(),
                dir != null && s.resume(),
                null,
                null,
                null);
        long start = System.nanoTime();
        try (NDManager scratch = ctx.manager().newSubManager()) {
            LocalSgdRun.Result r = ElsewherePhases.await(() -> LocalSgdRun.fit(sc, plan, scratch));
            Block trained = r.network();
            // the rebuilt network lists its parameters in the run's order (LocalSgdRun checked it)
            FlatParameters.load(
                    FlatParameters.arrays(ctx.network()), FlatParameters.of(FlatParameters.arrays(trained)), 0);
            // a stage 3 continued from its own checkpoint says so in the run's events
            r.report().events().stream()
                    .filter(e -> e.type().equals("resume"))
                    .forEach(e -> ctx.event("fine-tune-resumed", e.detail(), e.data()));
            List<EpochRecord> epochs = new ArrayList<>();
            List<Double> validation = new ArrayList<>();
            long stepsDone = (long) r.report().epochs().size() * r.stepsPerEpoch();
            for (EpochRecord e : r.report().epochs()) {
                epochs.add(new EpochRecord(
                        e.epoch(),
                        stage.phase().name(),
                        e.trainLoss(),
                        e.trainAccuracy(),
                        e.validationAccuracy(),
                        e.validationLoss(),
                        e.learningRate(),
                        e.parameters(),
                        e.macsPerSample(),
                        e.cumulativeFlops(),
                        e.seconds(),
                        e.metrics(),
                        e.epochShare()));
                if (e.validationAccuracy() != null) {
                    validation.add(e.validationAccuracy());
                }
            }
            double flops = epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).cumulativeFlops();
            PhaseResult ran = new PhaseResult(
                    ordinal,
                    stage.phase().name(),
                    epochs.size(),
                    stepsDone,
                    (System.nanoTime() - start) / 1e9,
                    flops,
                    validation);
            return ElsewherePhases.adopt(ctx, ran, epochs);
        }
    }

    @Override
    public String describe() {
        return "; fine-tune as local SGD (" + workers + " workers, " + steps + " steps per round)";
    }
}
