package io.resgrow.spark;

import ai.djl.nn.Block;
import io.resgrow.core.DivergenceException;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.checkpoint.ParamsHash;
import io.resgrow.core.cluster.LocalSgdPlan;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.engine.RunEvaluator;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunHistory;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.schedule.LrSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The epochs of a {@link LocalSgdRun}: an epoch's rounds at the stage schedule's rates, its record
 * (training loss and accuracy from the workers, validation on the driver, MACs, FLOPs, time) and
 * the run's report.
 */
final class LocalSgdEpochs {

    /**
     * What an epoch trained.
     *
     * @param state the averaged parameters and momentum after it
     * @param loss the workers' mean training loss
     * @param accuracy the workers' training accuracy
     * @param lastRate the rate of its last step
     * @param flops its training FLOPs over all workers
     */
    record Epoch(float[] state, double loss, double accuracy, double lastRate, double flops) {}

    private final LocalSgdPlan plan;
    private final DataRecipe.Made made;
    private final LocalSgdNetworks networks;
    private final int stepsPerEpoch;
    private Block counted;
    private MacCounter macs;
    private final int roundsPerEpoch;

    LocalSgdEpochs(LocalSgdPlan plan, DataRecipe.Made made, LocalSgdNetworks networks) {
        this.plan = plan;
        this.networks = networks;
        this.made = made;
        int count = made.train().count();
        // the largest shard sets the epoch: ceil(count / workers) samples
        int shard = (count + plan.workers() - 1) / plan.workers();
        this.stepsPerEpoch = (shard + plan.batchSize() - 1) / plan.batchSize();
        this.roundsPerEpoch = (stepsPerEpoch + plan.stepsPerRound() - 1) / plan.stepsPerRound();
    }

    /**
     * Returns the steps each worker trains in an epoch.
     *
     * @return ceil(shard / batchSize), in ceil(that / stepsPerRound) rounds (the last may be shorter)
     */
    int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /**
     * Trains epoch {@code e} of stage {@code s} from {@code state}: the run's epoch {@code
     * runEpoch}, for the error if it diverges.
     */
    Epoch train(JavaSparkContext sc, Block net, float[] state, int s, int e, int runEpoch) {
        int k = plan.stepsPerRound();
        LrSchedule schedule = plan.stages().get(s).schedule();
        int epochsBefore = 0;
        for (int i = 0; i < s; i++) {
            epochsBefore += plan.stages().get(i).epochs();
        }
        // global round and step numbers place each round's batches in the shards' walk, across stages and
        // resumes; an epoch is ceil(shard / batch) steps, and its last round takes what is left of them
        int first = (epochsBefore + e) * roundsPerEpoch;
        long firstStep = (long) (epochsBefore + e) * stepsPerEpoch;
        LocalSgd.Settings settings = new LocalSgd.Settings(
                networks.recipeOf(net),
                plan.data(),
                plan.workers(),
                k,
                roundsPerEpoch,
                plan.batchSize(),
                schedule.rate(e, 0, stepsPerEpoch),
                plan.momentum(),
                plan.weightDecay(),
                plan.decayOnlyWeights(),
                plan.seed());
        List<LocalSgd.Round> rounds = new ArrayList<>();
        String phase = phase(s);
        boolean checkpoints = plan.checkpoints() != null;
        float[] after = LocalSgd.rounds(
                sc,
                settings,
                state,
                first,
                roundsPerEpoch,
                rounds,
                r -> {
                    int from = (r - first) * k;
                    double[] rates = new double[Math.min(k, stepsPerEpoch - from)];
                    for (int j = 0; j < rates.length; j++) {
                        rates[j] = schedule.rate(e, from + j, stepsPerEpoch);
                    }
                    return new LocalSgd.RoundSteps(firstStep + from, rates);
                },
                (r, what) -> {
                    int from = (r - first) * k;
                    return new DivergenceException(
                            phase, runEpoch, from + 1, Math.min(from + k, stepsPerEpoch), what, checkpoints);
                });
        // the rounds' means weighted by their steps: the last round may be shorter
        double loss = 0;
        double accuracy = 0;
        for (int j = 0; j < rounds.size(); j++) {
            int steps = Math.min(k, stepsPerEpoch - j * k);
            loss += rounds.get(j).loss() * steps / stepsPerEpoch;
            accuracy += rounds.get(j).accuracy() * steps / stepsPerEpoch;
        }
        double samples = (double) stepsPerEpoch * plan.workers() * plan.batchSize();
        double flops = macs(net).trainingFlopsPerSample() * samples;
        return new Epoch(after, loss, accuracy, schedule.rate(e, stepsPerEpoch - 1, stepsPerEpoch), flops);
    }

    /** The record of an epoch: loads its parameters into the driver's network and validates them. */
    EpochRecord record(Block net, Epoch done, int s, int epoch, double cumulativeFlops, double seconds) {
        FlatParameters.load(FlatParameters.arrays(net), done.state(), 0);
        Double validationAccuracy = null;
        Double validationLoss = null;
        if (made.validation() != null) {
            RunEvaluator.Evaluation v = evaluate(net, made.validation());
            validationAccuracy = v.accuracy();
            validationLoss = v.loss();
        }
        return new EpochRecord(
                epoch,
                phase(s),
                done.loss(),
                done.accuracy(),
                validationAccuracy,
                validationLoss,
                done.lastRate(),
                ParameterCount.learnable(net),
                macs(net).macs(),
                cumulativeFlops,
                seconds);
    }

    /** Stage {@code s}'s phase name in the records: {@code local-sgd}, or {@code cycle-N} with growth. */
    private String phase(int s) {
        return plan.stages().size() == 1 ? "local-sgd" : "cycle-" + (s + 1);
    }

    /** The report of the finished run: the test accuracy of the driver's network and its hash. */
    TrainingReport report(Block net, RunHistory history, double seconds, Map<String, String> settings) {
        Double test = plan.test() == null ? null : evaluate(net, plan.test()).accuracy();
        // the caller's entries first, the run's own settings over them (they are what ran)
        Map<String, String> provenance = new LinkedHashMap<>(plan.provenance());
        provenance.putAll(settings);
        provenance.put("roundsPerEpoch", Integer.toString(roundsPerEpoch));
        provenance.put("stepsPerEpoch", Integer.toString(stepsPerEpoch));
        return new TrainingReport(
                settings.get("strategy"),
                test,
                seconds,
                ParameterCount.learnable(net),
                ParamsHash.of(net),
                history.epochs(),
                history.events(),
                provenance);
    }

    private RunEvaluator.Evaluation evaluate(Block net, BatchSource data) {
        return RunEvaluator.evaluate(
                net,
                data,
                Math.max(plan.batchSize(), 256),
                null,
                b -> made.preprocess().apply(b, null));
    }

    /** The network's MACs, counted once per network (a growth makes a new block). */
    private MacCounter macs(Block net) {
        if (counted != net) {
            counted = net;
            macs = MacCounter.count(net, LocalSgd.batchOf(plan.sample()));
        }
        return macs;
    }
}
