package io.resgrow.core;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.resgrow.core.checkpoint.CheckpointState;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.checkpoint.Replay;
import io.resgrow.core.data.Seeds;
import io.resgrow.core.history.Describe;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.RunHistory;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.placement.NetworkPlacement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a {@link TrainingStrategy} works with: the network and the blocks attached to it, the run's
 * settings, its history, and the two verbs {@link #runPhase} and {@link #restructure}.
 *
 * <p>Every parameter has a stable name: the key under which its block was registered ({@code net}
 * for the network), a slash, and DJL's name for it inside that block. Optimizer state and
 * checkpoints use these names; {@link #restructure} renames optimizer state when a change shifts
 * them.
 */
public final class TrainingContext {

    private final RunSettings settings;
    private final NDManager manager;
    private final Map<String, Block> blocks = new LinkedHashMap<>();
    private final RunHistory history = new RunHistory();
    private final List<PhaseResult> phaseResults = new ArrayList<>();
    private final Set<NamedOptimizer> optimizers = Collections.newSetFromMap(new IdentityHashMap<>());
    private final long started = System.nanoTime();
    private final Map<String, String> provenance;
    private Replay replay = Replay.none();
    private double secondsOffset;
    private double flops;
    private int nextOrdinal;
    private int structuralChanges;
    private NetworkPlacer placer;
    private NetworkPlacement placement;

    TrainingContext(Block network, RunSettings settings, NDManager manager, Map<String, String> compared) {
        this.settings = settings;
        this.manager = manager;
        blocks.put("net", network);
        Map<String, String> p = new LinkedHashMap<>(RunProvenance.of(settings, network));
        p.putAll(compared);
        this.provenance = Collections.unmodifiableMap(p);
    }

    /**
     * Returns the run's settings as text, as checkpoints record them.
     *
     * @return setting name to description
     */
    public Map<String, String> provenance() {
        return provenance;
    }

    /**
     * Returns the network being trained.
     *
     * @return the network
     */
    public Block network() {
        return blocks.get("net");
    }

    /**
     * Replaces the network (a strategy that rebuilds it).
     *
     * @param network the new network, initialised
     */
    public void setNetwork(Block network) {
        blocks.put("net", network);
    }

    /**
     * Registers a block attached to the network (a proxy head), so that its parameters get stable
     * names and go into checkpoints. It is initialised here if it is not yet.
     *
     * @param key a unique key, e.g. {@code head-2}
     * @param block the block
     * @param inputShapes its input shapes (batch dimension included), for initialisation
     */
    public void register(String key, Block block, Shape... inputShapes) {
        if (blocks.containsKey(key) && blocks.get(key) != block) {
            throw new IllegalArgumentException("a different block is registered as '" + key + "'");
        }
        initialize(block, inputShapes);
        blocks.put(key, block);
    }

    /**
     * Removes a block registered with {@link #register} (a proxy head that has done its work): its
     * parameters leave every later checkpoint. Call it inside {@link #restructure}, so that
     * optimizers forget their state too; the caller may then close the block's parameters.
     *
     * @param key the key it was registered under
     * @return the block
     */
    public Block unregister(String key) {
        if ("net".equals(key) || !blocks.containsKey(key)) {
            throw new IllegalArgumentException("no attached block is registered as '" + key + "'");
        }
        return blocks.remove(key);
    }

    /**
     * Initialises a block on the run's manager (new blocks of a grown network must be initialised
     * here: DJL's lazy initialisation would put them on a short-lived manager).
     *
     * @param block the block
     * @param inputShapes its input shapes, batch dimension included
     */
    public void initialize(Block block, Shape... inputShapes) {
        if (!block.isInitialized()) {
            reseed();
            block.initialize(manager, DataType.FLOAT32, inputShapes);
        }
    }

    /**
     * Seeds the engine's generator from the run seed and the place in the strategy (phases run,
     * structural changes made), so that new blocks initialise the same way in a run that was never
     * stopped and in one resumed from a checkpoint, whose generator has another history.
     */
    private void reseed() {
        Engine.getInstance().setRandomSeed((int) Seeds.mix(settings.seed(), nextOrdinal, structuralChanges++, 0x6e6f));
    }

    /**
     * Returns the run's settings.
     *
     * @return the settings
     */
    public RunSettings settings() {
        return settings;
    }

    /**
     * Returns the manager that owns the network's parameters.
     *
     * @return the manager
     */
    public NDManager manager() {
        return manager;
    }

    /**
     * Returns the run's history so far.
     *
     * @return the history
     */
    public RunHistory history() {
        return history;
    }

    /**
     * Returns the input shape of the network with a batch dimension of 1.
     *
     * @return e.g. (1, 1, 28, 28)
     */
    public Shape batchInputShape() {
        return RunExecution.batchOf(settings.inputShape());
    }

    /**
     * Returns whether the context is replaying phases that a checkpoint already covers.
     *
     * @return true while replaying
     */
    public boolean isReplaying() {
        return replay.replaying();
    }

    /**
     * Records an event and tells the listeners.
     *
     * @param type a short type
     * @param detail a readable description
     * @param data structured details
     */
    public void event(String type, String detail, Map<String, Object> data) {
        int epoch = history.epochCount();
        RunEvent e = new RunEvent(epoch, 0, type, detail, data);
        history.add(e);
        if (!isReplaying()) {
            settings.listeners().onEvent(e);
        }
    }

    /**
     * Applies a structural change (insert blocks, replace the network, attach a head) and renames
     * optimizer state so that it follows its parameters to their new names. State of parameters
     * that disappeared is dropped.
     *
     * @param change the change
     */
    public void restructure(Runnable change) {
        Map<Parameter, String> before = names(null);
        reseed();
        change.run();
        Map<Parameter, String> after = names(null);
        Map<String, String> renames = new LinkedHashMap<>();
        List<String> gone = new ArrayList<>();
        for (Map.Entry<Parameter, String> e : before.entrySet()) {
            String now = after.get(e.getKey());
            if (now == null) {
                gone.add(e.getValue());
            } else if (!now.equals(e.getValue())) {
                renames.put(e.getValue(), now);
            }
        }
        for (NamedOptimizer o : optimizers) {
            gone.forEach(o.state()::forget);
            o.state().rename(renames);
        }
    }

    /**
     * Returns the stable name of every parameter: of the registered blocks, plus those of an extra
     * block (a phase's forward block) that belong to no registered block.
     *
     * @param extra the extra block, or null
     * @return parameter to name, in registration order
     */
    public Map<Parameter, String> names(Phase extra) {
        // Parameter does not override equals: a LinkedHashMap has identity keys and keeps order
        Map<Parameter, String> names = new LinkedHashMap<>();
        for (Map.Entry<String, Block> e : blocks.entrySet()) {
            for (Pair<String, Parameter> p : e.getValue().getParameters()) {
                names.putIfAbsent(p.getValue(), e.getKey() + "/" + p.getKey());
            }
        }
        if (extra != null) {
            for (Pair<String, Parameter> p : extra.forward().getParameters()) {
                names.putIfAbsent(p.getValue(), "phase-" + extra.name() + "/" + p.getKey());
            }
        }
        return names;
    }

    /**
     * Places the network on devices (model parallelism) from the next phase on: the placer runs
     * before every phase that trains, after any change to the network, so the phase's parameters,
     * gradients and optimizer state live where the placement says.
     *
     * @param placer the placer, or null for none (every parameter on the run's first device)
     */
    public void place(NetworkPlacer placer) {
        this.placer = placer;
        this.placement = null;
    }

    /**
     * Returns whether a placer places the network before every phase (model parallelism).
     *
     * @return true once {@link #place} was given a placer
     */
    public boolean isPlaced() {
        return placer != null;
    }

    /**
     * Returns the placement of the running (or last) phase.
     *
     * @return the placement, or null if the network is not placed
     */
    public NetworkPlacement placement() {
        return placement;
    }

    /**
     * Returns, by stable name, the device each parameter of a phase lives on: its slot's under a
     * placement, the run's first device otherwise.
     *
     * @param phase the phase
     * @return the device of a parameter name
     */
    Function<String, Device> deviceOfParameter(Phase phase) {
        if (placement == null) {
            Device first = settings.devices()[0];
            return name -> first;
        }
        Map<String, Device> byName = placement.devicesByName(names(phase));
        Device home = placement.home().device();
        return name -> byName.getOrDefault(name, home);
    }

    /**
     * Runs a phase to its end (or skips it when replaying) and returns what it did.
     *
     * @param phase the phase
     * @return its result
     */
    public PhaseResult runPhase(Phase phase) {
        int ordinal = nextOrdinal++;
        Optional<PhaseResult> recorded = replay.finished(ordinal);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        placement = placer == null ? null : placer.place(this);
        NamedOptimizer optimizer = phase.optimizer() != null ? phase.optimizer() : settings.optimizer();
        optimizers.add(optimizer);
        if (placement != null && !replay.replaying()) {
            // state an earlier phase made follows a parameter the placement moved (a resume loads
            // the state onto each parameter's device itself)
            optimizer.state().follow(deviceOfParameter(phase));
        }
        PhaseExecution execution = new PhaseExecution(this, phase, ordinal, optimizer);
        Optional<CheckpointStore.Loaded> resume = replay.take();
        if (resume.isPresent()) {
            execution.resumeFrom(resume.get());
        } else {
            // what the phase trains with, after strategy and run settings met (see RunSetting)
            event(
                    "phase-start",
                    phase.name(),
                    Map.of(
                            "ordinal",
                            ordinal,
                            "batchSize",
                            execution.batchSize(),
                            "optimizer",
                            Describe.of(optimizer),
                            "schedule",
                            Describe.of(execution.schedule())));
        }
        PhaseResult result = execution.run();
        phaseResults.add(result);
        return result;
    }

    /**
     * Takes the ordinals of {@code count} phases that another process trains ({@link ElsewherePhases}).
     * While replaying only ordinals before the checkpoint's phase: those phases are done.
     */
    int reservePhases(int count) {
        if (isReplaying() && !replay.reaches(nextOrdinal + count)) {
            throw new IllegalStateException("a resumed run replays: its phases cannot run in another process");
        }
        nextOrdinal += count;
        return nextOrdinal - count;
    }

    void addPhaseResult(PhaseResult result) {
        phaseResults.add(result);
    }

    /** Frees the state of every optimizer the run's phases used (the run is over). */
    void releaseOptimizers() {
        for (NamedOptimizer o : optimizers) {
            o.close();
        }
        optimizers.clear();
    }

    /**
     * Returns the wall time of the run so far, resumed runs included.
     *
     * @return seconds
     */
    public double seconds() {
        return secondsOffset + (System.nanoTime() - started) / 1e9;
    }

    double flops() {
        return flops;
    }

    void addFlops(double more) {
        flops += more;
    }

    List<PhaseResult> phaseResults() {
        return List.copyOf(phaseResults);
    }

    void restoreRunState(CheckpointState state) {
        history.restore(historyOf(state));
        // events about the resume itself (skipped checkpoints, allowed changes) follow the restored ones
        replay.events().forEach(history::add);
        phaseResults.clear();
        phaseResults.addAll(state.phases());
        secondsOffset = state.seconds() - (System.nanoTime() - started) / 1e9;
        flops = state.flops();
    }

    private static RunHistory historyOf(CheckpointState state) {
        RunHistory h = new RunHistory();
        state.epochs().forEach(h::add);
        state.events().forEach(h::add);
        return h;
    }

    void prepareResume() {
        if (!settings.resume()) {
            return;
        }
        CheckpointStore store = settings.checkpoints();
        replay = Replay.find(store, manager, provenance, settings.resumeWithChanges());
        if (!replay.found()) {
            event(
                    "resume",
                    "no checkpoint in " + store.directory() + ": started from the beginning",
                    Map.of("found", false));
        }
    }

    void finishReplay() {
        replay.finish(nextOrdinal);
    }
}
