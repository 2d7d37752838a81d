package io.resgrow.strategies.partitioned;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.Phase;
import io.resgrow.core.RunSettings;
import io.resgrow.core.TrainingContext;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.data.Seeds;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.history.RecordData;
import io.resgrow.core.network.Fused;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.placement.ParameterMoves;
import io.resgrow.core.stop.StoppingRule;
import io.resgrow.datasets.split.Subsets;
import io.resgrow.strategies.partitioned.PartitionedStrategy.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of {@link PartitionedStrategy}'s three stages on a context (Wong et al., MonolithNet,
 * section 3): each branch alone with a proxy head on its subset, the fusion head on the frozen
 * branches, then everything at a low rate.
 */
final class PartitionedRun {

    private final PartitionedSettings s;
    private final TrainingContext ctx;
    /** The branches' proxy heads, kept (and checkpointed) until they have set the fusion head. */
    private final List<Block> proxies = new ArrayList<>();

    PartitionedRun(PartitionedSettings s, TrainingContext ctx) {
        this.s = s;
        this.ctx = ctx;
    }

    /** Runs the three stages. */
    void run() {
        Fused net = (Fused) ctx.network();
        List<Block> branches = net.branches();
        RunSettings settings = ctx.settings();
        BatchSource train = settings.train();
        int size = s.subsetSize(train.count(), branches.size());
        List<BatchSource> subsets = Subsets.parts(
                train, branches.size(), size, Seeds.mix(settings.seed(), s.subsetSeed()), s.balanced(), s.disjoint());
        if (s.offload() && !BranchRunner.IN_PROCESS.equals(s.runner())) {
            throw new InvalidSettingException(
                    "offloadInactiveBranches",
                    true,
                    "false when another process trains the branches (" + s.runner() + ")",
                    "drop offloadInactiveBranches (--offload), or train the branches in this process");
        }
        if (s.offload() && ctx.isPlaced()) {
            throw new InvalidSettingException(
                    "offloadInactiveBranches",
                    true,
                    "false when the network is placed on"
                            + " devices (model parallelism decides where every branch lives)",
                    "drop offloadInactiveBranches (--offload), or train without ModelParallelBranches");
        }
        NDManager host = s.offload() ? ctx.manager().newSubManager(Device.cpu()) : null;
        StagePlan plan = s.plan(Stage.BRANCHES);
        int batchSize = s.batchSizes().get(Stage.BRANCHES.ordinal()).resolve(settings);
        List<BranchWork> work = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            int index = i;
            BranchSpec spec = new BranchSpec(
                    i + 1,
                    branches.size(),
                    size,
                    Seeds.mix(settings.seed(), s.subsetSeed()),
                    s.balanced(),
                    s.disjoint(),
                    branches.get(i)
                                    .getOutputShapes(new Shape[] {ctx.batchInputShape()})[0]
                                    .dimension()
                            == 2,
                    train.classes(),
                    plan.epochs(),
                    plan.learningRate(),
                    plan.factor(),
                    plan.decayAt(),
                    batchSize,
                    s.momentum(),
                    s.weightDecay());
            // a placed branch trains on its own device: input there, features back
            Runnable before = host == null ? () -> {} : () -> place(ctx, branches, index, host);
            work.add(new BranchWork(ctx, spec, spec.alone(net), subsets.get(i), before, this::branchDone));
        }
        s.runner().check(ctx, work);
        s.runner().run(ctx, work);
        if (host != null) {
            place(ctx, branches, -1, host);
        }
        trainHead(ctx, net);
        StagePlan fine = s.plan(Stage.FINE_TUNE);
        if (fine.epochs() > 0) {
            ctx.event(
                    PartitionedStrategy.STAGE,
                    "stage 3: end to end at a low learning rate",
                    Map.of("stage", 3, "branch", 0));
            FineTuneStage stage = new FineTuneStage(
                    phase(ctx, Stage.FINE_TUNE, "fine-tune", ctx.network()).build(),
                    fine.epochs(),
                    s.batchSizes().get(Stage.FINE_TUNE.ordinal()).resolve(ctx.settings()),
                    s.momentum(),
                    s.weightDecay());
            record(ctx, 3, 0, train.count(), s.fineTuneRunner().run(ctx, stage));
        }
    }

    /**
     * Puts branch {@code active} (none when -1) on the training device and the others on the host,
     * recording what moved.
     */
    private static void place(TrainingContext ctx, List<Block> branches, int active, NDManager host) {
        long toHost = 0;
        long toDevice = 0;
        for (int i = 0; i < branches.size(); i++) {
            if (i == active || active < 0) {
                toDevice += ParameterMoves.moveTo(branches.get(i), ctx.manager());
            } else {
                toHost += ParameterMoves.moveTo(branches.get(i), host);
            }
        }
        Device device = ctx.manager().getDevice();
        String detail = device.equals(host.getDevice())
                ? "nothing to offload: the training device is the host (" + device + ")"
                : String.format(
                        Locale.ROOT,
                        "%s on %s; %d bytes to the host, %d bytes to the device",
                        active < 0 ? "every branch" : "branch " + (active + 1),
                        device,
                        toHost,
                        toDevice);
        ctx.event(
                "offload",
                detail,
                Map.of("branch", active + 1, "toHost", toHost, "toDevice", toDevice, "device", device.toString()));
    }

    private void branchDone(BranchWork w, PhaseResult result) {
        record(ctx, 1, w.spec().branch(), w.samples(), result);
        proxies.add(w.proxy());
    }

    /**
     * Starts the fusion head from the proxies (see {@link EnsembleHead}). The features are the
     * stage's own caches, computed once for both. While replaying a resumed run the start is not set:
     * the checkpoint that ends the replay holds the head, and the branches' parameters are not loaded
     * yet.
     */
    private void headFromProxies(Fused net, FeatureCache train, FeatureCache validation) {
        if (ctx.isReplaying()) {
            return;
        }
        String how = startHead(net, train, validation);
        boolean ensemble = !how.startsWith("kept random");
        ctx.event(
                "head-init",
                "fusion head: " + how
                        + (ensemble
                                ? ""
                                : "; a head started at random may need the paper's rate,"
                                        + " learningRate(HEAD, 0.005)"),
                Map.of("ensemble", ensemble));
    }

    private String startHead(Fused net, FeatureCache train, FeatureCache validation) {
        return train == null
                ? "kept random: the branches' outputs are neither vectors nor feature maps"
                : EnsembleHead.initialize(
                        net.fusion(),
                        proxies,
                        () -> EnsembleHead.all(train),
                        () -> EnsembleHead.all(validation != null ? validation : train));
    }

    /**
     * After stage 2: keeps the trained head unless its start (the proxies' ensemble or best proxy,
     * set again from the proxies, which stay registered and checkpointed until here, so a resumed run
     * decides as an uninterrupted one) is more accurate on the validation features (the training
     * features without validation data). The fused network thus never ends stage 2 below the start,
     * which is at least as accurate as its best branch through its proxy head. A head that started
     * at random is kept as trained.
     *
     * @return the head's accuracy on those features, or null when it started at random
     */
    private Double keepTheBetterHead(Fused net, FeatureCache train, FeatureCache validation) {
        if (train == null) {
            return null;
        }
        HostBatch judge = EnsembleHead.all(validation != null ? validation : train);
        double trained = EnsembleHead.accuracy(net.fusion(), judge);
        List<Parameter> list = net.fusion().getParameters().values();
        List<float[]> params = new ArrayList<>();
        list.forEach(p -> params.add(p.getArray().toFloatArray()));
        boolean ensemble = !startHead(net, train, validation).startsWith("kept random");
        double start = ensemble ? EnsembleHead.accuracy(net.fusion(), judge) : 0;
        boolean keepStart = ensemble && start > trained;
        if (!keepStart) {
            for (int i = 0; i < list.size(); i++) {
                list.get(i).getArray().set(params.get(i));
            }
        }
        if (!ensemble) {
            return null;
        }
        ctx.event(
                "head-kept",
                String.format(
                        Locale.ROOT,
                        "fusion head after stage 2: %s (%s accuracy: trained %.4f, start %.4f)",
                        keepStart ? "back to its start, which stage 2 did not beat" : "as trained",
                        validation != null ? "validation" : "training",
                        trained,
                        start),
                Map.of("start", keepStart, "trainedAccuracy", trained, "startAccuracy", start));
        return Math.max(trained, start);
    }

    private void dropProxies() {
        for (int k = 1; k <= proxies.size(); k++) {
            String key = "proxy-" + k;
            ctx.restructure(() -> ctx.unregister(key));
            proxies.get(k - 1).clear();
            ctx.event("proxy-dropped", "branch " + k + "'s proxy head", Map.of("branch", k));
        }
        proxies.clear();
    }

    private void trainHead(TrainingContext ctx, Fused net) {
        RunSettings settings = ctx.settings();
        List<Block> branches = net.branches();
        Shape concatenated = concatenatedShape(branches, ctx.batchInputShape());
        Shape sample = FeatureCache.sampleShape(concatenated);
        // lazy and kept: the head's start and its training read the same features
        FeatureCache trainFeatures = sample == null ? null : cache(branches, settings.train(), settings, sample);
        FeatureCache validationFeatures = sample == null || settings.validation() == null
                ? null
                : cache(branches, settings.validation(), settings, sample);
        headFromProxies(net, trainFeatures, validationFeatures);
        boolean cache = s.cacheFeatures() && settings.augment().isIdentity() && sample != null;
        ctx.event(
                PartitionedStrategy.STAGE,
                "stage 2: the head alone, branches frozen, features " + (cache ? "cached" : "recomputed"),
                Map.of("stage", 2, "branch", 0, "cached", cache));
        Phase.Builder phase;
        if (cache) {
            Block forward = concatenated.dimension() == 2
                    ? new SequentialBlock().add(Blocks.batchFlattenBlock()).add(net.fusion())
                    : net.fusion();
            phase = phase(ctx, Stage.HEAD, "head", forward).precomputed(trainFeatures, validationFeatures, sample);
        } else {
            phase = phase(ctx, Stage.HEAD, "head", ctx.network()).freeze(branches);
        }
        if (settings.validation() != null && s.headPatience() > 0) {
            // on cached features an epoch costs next to nothing: train until validation stops improving
            phase.stop(StoppingRule.plateau(s.headPatience())
                    .or(StoppingRule.epochs(s.plan(Stage.HEAD).epochs())));
        }
        PhaseResult head = ctx.runPhase(phase.build());
        Double kept = null;
        if (!ctx.isReplaying()) {
            kept = keepTheBetterHead(net, trainFeatures, validationFeatures);
        }
        dropProxies();
        record(ctx, 2, 0, settings.train().count(), head, settings.validation() == null ? null : kept);
    }

    private static Shape concatenatedShape(List<Block> branches, Shape input) {
        Shape first = branches.get(0).getOutputShapes(new Shape[] {input})[0];
        long width = 0;
        for (Block b : branches) {
            width += b.getOutputShapes(new Shape[] {input})[0].get(1);
        }
        long[] dims = first.getShape();
        dims[1] = width;
        return new Shape(dims);
    }

    private static FeatureCache cache(List<Block> branches, BatchSource images, RunSettings settings, Shape sample) {
        return new FeatureCache(
                branches, images, settings.preprocess(), settings.evalBatchSize(), settings.devices()[0], sample);
    }

    private Phase.Builder phase(TrainingContext ctx, Stage stage, String name, Block forward) {
        StagePlan plan = s.plan(stage);
        return Phase.builder(name, forward)
                .epochs(plan.epochs())
                .schedule(plan)
                .batchSize(s.batchSizes().get(stage.ordinal()).resolve(ctx.settings()))
                .optimizer(NamedSgd.builder()
                        .momentum(s.momentum())
                        .weightDecay(s.weightDecay())
                        .build());
    }

    private static void record(TrainingContext ctx, int stage, int branch, int samples, PhaseResult r) {
        record(ctx, stage, branch, samples, r, null);
    }

    /** Records a stage's row; {@code accuracy} replaces the phase's last validation accuracy when given. */
    private static void record(
            TrainingContext ctx, int stage, int branch, int samples, PhaseResult r, Double accuracy) {
        StageRow row = new StageRow(
                stage,
                branch,
                samples,
                r.epochs(),
                r.seconds(),
                r.flops(),
                accuracy != null ? accuracy : r.lastValidationAccuracy());
        ctx.event(
                PartitionedStrategy.ROW,
                String.format(
                        Locale.ROOT,
                        "stage %d%s: %d %s, %.1f s, %.3g FLOPs, validation %.4f",
                        stage,
                        branch > 0 ? " branch " + branch : "",
                        r.epochs(),
                        r.epochs() == 1 ? "epoch" : "epochs",
                        r.seconds(),
                        r.flops(),
                        row.accuracy()),
                RecordData.of(row));
    }
}
