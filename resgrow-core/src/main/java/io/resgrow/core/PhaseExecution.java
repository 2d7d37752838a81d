package io.resgrow.core;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.checkpoint.CheckpointState;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.checkpoint.Replay;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.EpochOrder;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.data.Prefetcher;
import io.resgrow.core.data.Seeds;
import io.resgrow.core.data.StagedBatch;
import io.resgrow.core.engine.NativeArrays;
import io.resgrow.core.engine.PlacedParameterStore;
import io.resgrow.core.engine.RandomBlocks;
import io.resgrow.core.freeze.Freezer;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.metric.Objective;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.optim.NamedParameterServer;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.stop.PhaseProgress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The epoch and step loop of one phase. Batches are gathered, augmented and converted one step
 * ahead on a background thread ({@link Prefetcher}). Per step the loop does only what the math
 * needs: one host to device copy of the batch (none on the CPU), forward, loss, backward, the
 * optimizer update in place, and two on-device additions to the epoch's loss and hit counters. All
 * arrays of a step live in a sub-manager closed at the step's end. Everything else (FLOP accounting,
 * the epoch's record and validation, listeners, the divergence check, checkpoints) is a {@link
 * LoopHook} the phase lists.
 */
final class PhaseExecution {

    private final TrainingContext ctx;
    private final RunSettings settings;
    private final Phase phase;
    private final int ordinal;
    private final NamedOptimizer optimizer;
    private final BatchSource data;
    private final LrSchedule schedule;
    private final int batchSize;
    private final int stepsPerEpoch;
    /**
     * Where a batch's parts go: the run's devices (data parallel), or the home devices of a placed
     * network's data-parallel groups, whose blocks route their branches to the group's other
     * devices themselves. Fixed for the phase (the network is placed before it starts).
     */
    private final Device[] devices;

    /** The evaluators' accumulator key for training batches. */
    private static final String TRAIN = "train";

    private final Objective objective;
    private final List<Double> validation = new ArrayList<>();
    private int startEpoch;
    private int startStep;
    private double[] startAccumulators = {0, 0, 0};

    PhaseExecution(TrainingContext ctx, Phase phase, int ordinal, NamedOptimizer optimizer) {
        this.ctx = ctx;
        this.settings = ctx.settings();
        this.phase = phase;
        this.ordinal = ordinal;
        this.optimizer = optimizer;
        this.objective = settings.objective();
        this.data = phase.data() != null ? phase.data() : settings.train();
        this.schedule = phase.schedule() != null ? phase.schedule() : settings.schedule();
        this.batchSize = phase.batchSize() > 0 ? phase.batchSize() : settings.batchSize();
        this.stepsPerEpoch = EpochOrder.steps(data.count(), batchSize);
        this.devices =
                ctx.placement() == null ? settings.devices() : ctx.placement().homeDevices();
    }

    int batchSize() {
        return batchSize;
    }

    LrSchedule schedule() {
        return schedule;
    }

    void resumeFrom(CheckpointStore.Loaded loaded) {
        CheckpointState state = loaded.state();
        ctx.restoreRunState(state);
        applyFreezing();
        Replay.loadParameters(loaded.params(), ctx.names(phase));
        optimizer.state().loadState(loaded.optimizer(), ctx.deviceOfParameter(phase));
        startEpoch = state.epoch();
        startStep = state.step();
        startAccumulators = state.epochAccumulators().clone();
        List<EpochRecord> epochs = state.epochs();
        for (int i = epochs.size() - state.epoch(); i < epochs.size(); i++) {
            Double v = epochs.get(i).validationAccuracy();
            validation.add(v == null ? Double.NaN : v);
        }
        String checkpoint = loaded.path().getFileName().toString();
        ctx.event(
                "resume",
                "from " + loaded.path() + ": phase " + phase.name() + " epoch " + (startEpoch + 1) + " step "
                        + startStep
                        + (loaded.skipped().isEmpty() ? "" : " (newer ones skipped: " + loaded.skipped() + ")"),
                Map.of(
                        "phase",
                        ordinal,
                        "epoch",
                        startEpoch,
                        "step",
                        startStep,
                        "checkpoint",
                        checkpoint,
                        "found",
                        true));
    }

    private void applyFreezing() {
        Block forward = phase.forward();
        Freezer.unfreeze(forward);
        for (Block b : phase.frozen()) {
            Freezer.freeze(b);
        }
        Freezer.verify(forward);
    }

    PhaseResult run() {
        if (startEpoch == 0 && startStep == 0) {
            applyFreezing();
            if (!phase.frozen().isEmpty()) {
                ctx.event(
                        "freeze",
                        phase.frozen().size() + " part(s) frozen in " + phase.name(),
                        Map.of("parts", phase.frozen().size(), "trainable", ParameterCount.trainable(phase.forward())));
            }
        }
        Block forward = phase.forward();
        Shape inputShape = phase.precomputed() == null
                ? ctx.batchInputShape()
                : RunExecution.batchOf(phase.precomputed().sampleShape());
        MacCounter macs = MacCounter.count(forward, inputShape);
        if (!macs.complete() && startEpoch == 0 && startStep == 0) {
            ctx.event(
                    "flops-unknown",
                    "MACs and FLOPs of " + phase.name() + " leave out " + macs.unknownBlocks()
                            + ": they are lower bounds (MacCounter.teach counts such a block)",
                    Map.of("blocks", macs.unknownBlocks()));
        }
        long parameters = ParameterCount.learnable(forward);
        double flopsPerSample = macs.trainingFlopsPerSample();
        Map<String, String> idToName = new HashMap<>();
        for (Map.Entry<Parameter, String> e : ctx.names(phase).entrySet()) {
            idToName.put(e.getKey().getId(), e.getValue());
        }
        EpochRecord before = lastEpochBeforePhase();
        List<LoopHook> hooks = List.of(
                new FlopCount(ctx, flopsPerSample),
                new EpochRecorder(ctx, phase, parameters, macs.macs(), validation),
                new ListenerCalls(settings.listeners(), phase.name()),
                new DivergenceCheck(
                        phase.name(),
                        settings.divergenceCheck(),
                        settings.checkpointEverySteps(),
                        settings.checkpoints() != null),
                new PhaseCheckpoints(ctx, phase, ordinal, optimizer));
        int epoch = startEpoch;
        try (NDManager phaseManager = ctx.manager().newSubManager();
                NamedParameterServer server = new NamedParameterServer(idToName, optimizer)) {
            // DJL's store mirrors parameters onto distinct devices; placed networks and logical devices
            // (cpu,cpu: data parallel on one device, as tests and CPU trials of a GPU setting use) need ours
            ParameterStore store =
                    ctx.placement() == null && Arrays.stream(devices).distinct().count() == devices.length
                            ? new ParameterStore(phaseManager, false)
                            : new PlacedParameterStore(phaseManager);
            store.setParameterServer(server, devices);
            boolean checkFirst = startEpoch > 0 && startStep == 0;
            while (!(checkFirst && stop())) {
                checkFirst = false;
                runEpoch(epoch, forward, store, server, phaseManager, hooks);
                epoch++;
                startStep = 0;
                startAccumulators = new double[] {0, 0, 0};
                if (stop()) {
                    break;
                }
            }
        }
        return finish(epoch, before);
    }

    /** The run's last epoch before this phase's first (null if none): where its time starts. */
    private EpochRecord lastEpochBeforePhase() {
        List<EpochRecord> all = ctx.history().epochs();
        int prior = all.size() - validation.size();
        return prior == 0 ? null : all.get(prior - 1);
    }

    private PhaseResult finish(int epochs, EpochRecord before) {
        List<EpochRecord> all = ctx.history().epochs();
        EpochRecord last = all.isEmpty() ? null : all.get(all.size() - 1);
        double seconds = (last == null ? 0 : last.seconds()) - (before == null ? 0 : before.seconds());
        double flops = (last == null ? 0 : last.cumulativeFlops()) - (before == null ? 0 : before.cumulativeFlops());
        PhaseResult r = new PhaseResult(ordinal, phase.name(), epochs, stepsAfter(epochs), seconds, flops, validation);
        ctx.event(
                "phase-end",
                String.format(
                        Locale.ROOT,
                        "%s: %d %s, %d steps, %.1f s, %.3g FLOPs",
                        r.name(),
                        r.epochs(),
                        r.epochs() == 1 ? "epoch" : "epochs",
                        r.steps(),
                        r.seconds(),
                        r.flops()),
                Map.of(
                        "ordinal",
                        r.ordinal(),
                        "epochs",
                        r.epochs(),
                        "steps",
                        r.steps(),
                        "seconds",
                        r.seconds(),
                        "flops",
                        r.flops()));
        return r;
    }

    private boolean stop() {
        PhaseProgress p = new PhaseProgress(
                validation.size(),
                validation,
                ctx.flops(),
                ctx.seconds(),
                ctx.history().epochCount(),
                validationMetrics());
        return phase.stop().shouldStop(p)
                || (phase.maxSteps() > 0 && stepsAfter(validation.size()) >= phase.maxSteps());
    }

    /** This phase's validation loss and evaluator values by epoch, from the run's records. */
    private Map<String, List<Double>> validationMetrics() {
        List<EpochRecord> all = ctx.history().epochs();
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (EpochRecord r : all.subList(all.size() - validation.size(), all.size())) {
            values.computeIfAbsent("loss", k -> new ArrayList<>())
                    .add(r.validationLoss() == null ? Double.NaN : r.validationLoss());
            r.metrics().forEach((key, value) -> {
                if (key.startsWith("validation_")) {
                    values.computeIfAbsent(key.substring("validation_".length()), k -> new ArrayList<>())
                            .add(value);
                }
            });
        }
        return values;
    }

    /** The optimizer steps this phase has run once {@code epochs} epochs are done. */
    private long stepsAfter(int epochs) {
        long whole = (long) epochs * stepsPerEpoch;
        return phase.maxSteps() == 0 ? whole : Math.min(whole, phase.maxSteps());
    }

    /** The steps of an epoch this phase runs: all, or fewer in the epoch that reaches maxSteps. */
    private int stepsIn(int epoch) {
        return (int) (stepsAfter(epoch + 1) - stepsAfter(epoch));
    }

    /** Runs one epoch's steps; the hooks do everything else, in their order. */
    private void runEpoch(
            int epoch,
            Block forward,
            ParameterStore store,
            NamedParameterServer server,
            NDManager phaseManager,
            List<LoopHook> hooks) {
        int[] order = EpochOrder.permutation(data.count(), settings.seed(), ordinal, epoch);
        int end = stepsIn(epoch);
        int runEpoch = ctx.history().epochCount() + 1;
        double lr = Double.NaN;
        hooks.forEach(h -> h.beforeEpoch(epoch, startStep));
        objective.begin(TRAIN);
        boolean seedSteps = RandomBlocks.drawsRandomness(forward);
        try (NDManager epochManager = phaseManager.newSubManager();
                Prefetcher batches = new Prefetcher(step -> prepare(order, epoch, step), startStep, end)) {
            NDArray lossSum = epochManager.create((float) startAccumulators[0]);
            NDArray hits = epochManager.create((long) startAccumulators[1]);
            long samples = (long) startAccumulators[2];
            for (int step = startStep; step < end; step++) {
                long t0 = System.nanoTime();
                lr = schedule.rate(epoch, step, stepsPerEpoch) * settings.learningRateScale();
                server.setLearningRate(lr);
                StagedBatch staged = batches.next();
                HostBatch batch = staged.host();
                if (seedSteps) {
                    // the engine's generator (dropout) restarts at every step: a resume from any step is exact
                    Engine.getInstance().setRandomSeed((int) Seeds.mix(settings.seed(), ordinal, epoch, step, 7));
                }
                try (NDManager stepManager = epochManager.newSubManager()) {
                    trainStep(staged, stepManager, forward, store, lossSum, hits);
                }
                batches.release(staged);
                samples += batch.count();
                StepEnd done = new StepEnd(
                        epoch,
                        runEpoch,
                        step + 1,
                        end,
                        batch.count(),
                        System.nanoTime() - t0,
                        batches.lastWaitNanos(),
                        lossSum,
                        hits,
                        samples);
                hooks.forEach(h -> h.afterStep(done));
            }
            EpochEnd finished = new EpochEnd(
                    epoch,
                    runEpoch,
                    lossSum.getFloat() / end,
                    hits.getLong() / (double) Math.max(1, samples),
                    lr,
                    objective.read(TRAIN));
            hooks.forEach(h -> h.afterEpoch(finished));
        }
    }

    /**
     * Gathers and transforms the batch of a step, on the prefetch thread: a function of (seed,
     * phase, epoch, step) only, so a prefetched, a synchronous and a resumed run see the same batch.
     */
    private HostBatch prepare(int[] order, int epoch, int step) {
        HostBatch batch = data.batch(EpochOrder.slice(order, step, batchSize));
        if (phase.precomputed() == null) {
            settings.preprocess().apply(batch, null);
            settings.augment().apply(batch, new Random(Seeds.mix(settings.seed(), ordinal, epoch, step)));
        }
        return batch;
    }

    private void trainStep(
            StagedBatch staged,
            NDManager stepManager,
            Block forward,
            ParameterStore store,
            NDArray lossSum,
            NDArray hits) {
        HostBatch batch = staged.host();
        if (devices.length == 1) {
            NDList xy = staged.toDevice(stepManager);
            NDArray x = xy.get(0);
            NDArray y = xy.get(1);
            NDArray logits;
            NDArray value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                logits = forward.forward(store, new NDList(x), true).head();
                value = objective.lossOf(y, logits);
                collector.backward(value);
            }
            store.updateAllParameters();
            objective.update(TRAIN, y, logits);
            lossSum.addi(value);
            hits.addi(logits.argMax(1).eq(y).sum().toType(DataType.INT64, false));
            return;
        }
        // data parallel: near-equal parts (sizes differ by at most one), each created straight on its
        // device from the host (one transfer), its loss weighted by its share; the parameter
        // server sums the gradients
        List<HostBatch> parts = batch.split(devices.length);
        double total = batch.count();
        NDArray[] losses = new NDArray[devices.length];
        NDArray[] correct = new NDArray[devices.length];
        NDList[] outputs = new NDList[devices.length];
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            for (int d = 0; d < devices.length; d++) {
                if (parts.get(d).count() == 0) {
                    continue;
                }
                if (store instanceof PlacedParameterStore placed) {
                    placed.group(d);
                }
                NDList xy = parts.get(d).toDevice(stepManager.newSubManager(devices[d]));
                NDArray xd = xy.get(0);
                NDArray yd = xy.get(1);
                NDArray logits = forward.forward(store, new NDList(xd), true).head();
                NDArray value = objective.lossOf(yd, logits);
                outputs[d] = new NDList(yd, logits);
                // the weight is a native scalar: autograd keeps it for backward (see NativeArrays)
                try (NDArray share = NativeArrays.scalar(value, parts.get(d).count() / total)) {
                    losses[d] = value.mul(share);
                }
                collector.backward(losses[d]);
                correct[d] = logits.argMax(1).eq(yd).sum().toType(DataType.INT64, false);
            }
        }
        if (store instanceof PlacedParameterStore placed) {
            placed.group(0);
        }
        // metrics outside the collector, so that they record no graph
        for (int d = 0; d < devices.length; d++) {
            if (losses[d] != null) {
                lossSum.addi(losses[d].toDevice(devices[0], false));
                hits.addi(correct[d].toDevice(devices[0], false));
                objective.update(TRAIN, outputs[d].get(0), outputs[d].get(1));
            }
        }
        store.updateAllParameters();
    }
}
