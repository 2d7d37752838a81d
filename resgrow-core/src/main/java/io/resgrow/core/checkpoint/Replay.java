package io.resgrow.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.resgrow.core.engine.NativeArrays;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.history.RunEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A resume in progress: the checkpoint a run continues from, from finding it to the phase that
 * picks it up. While it is pending the strategy's code replays: phases before the checkpoint's are
 * skipped with their recorded results and structural changes are redone; the phase in progress
 * then {@link #take takes} the checkpoint and loads its arrays.
 */
public final class Replay {

    /** The provenance entry of the network's architecture, which no resume may change. */
    public static final String NETWORK = "network";

    private CheckpointStore.Loaded pending;
    private final List<RunEvent> events;
    private final boolean found;

    private Replay(CheckpointStore.Loaded pending, List<RunEvent> events, boolean found) {
        this.pending = pending;
        this.events = List.copyOf(events);
        this.found = found;
    }

    /**
     * A run that does not resume.
     *
     * @return a replay with nothing pending
     */
    public static Replay none() {
        return new Replay(null, List.of(), false);
    }

    /**
     * Finds the newest valid checkpoint and compares its settings with the run's.
     *
     * @param store the checkpoints
     * @param manager where the loaded arrays live
     * @param provenance the run's settings as text
     * @param allowChanges whether settings may differ (they are then recorded as an event)
     * @return the replay; {@link #found()} says whether there was a checkpoint
     * @throws ResumeMismatchException if settings differ and changes are not allowed
     */
    public static Replay find(
            CheckpointStore store, NDManager manager, Map<String, String> provenance, boolean allowChanges) {
        Optional<CheckpointStore.Loaded> found = store.loadLatest(manager);
        if (found.isEmpty()) {
            return none();
        }
        CheckpointStore.Loaded loaded = found.get();
        List<String> changes = differences(loaded.state().settings(), provenance);
        boolean network = changes.stream().anyMatch(c -> c.startsWith(NETWORK + ":"));
        if (network || !changes.isEmpty() && !allowChanges) {
            throw new ResumeMismatchException(loaded.path(), changes, network);
        }
        List<RunEvent> events = new ArrayList<>();
        int epochs = loaded.state().epochs().size();
        for (String skipped : loaded.skipped()) {
            events.add(new RunEvent(epochs, 0, "checkpoint-skipped", skipped, Map.of("reason", skipped)));
        }
        if (!changes.isEmpty()) {
            events.add(
                    new RunEvent(epochs, 0, "resume-changes", String.join("; ", changes), Map.of("changes", changes)));
        }
        return new Replay(loaded, events, true);
    }

    /**
     * Returns whether a checkpoint was found.
     *
     * @return false for a run that starts from the beginning
     */
    public boolean found() {
        return found;
    }

    /**
     * Returns whether phases are still being replayed (the checkpoint's phase has not started yet).
     *
     * @return true while replaying
     */
    public boolean replaying() {
        return pending != null;
    }

    /**
     * Returns whether the checkpoint is at or after the given phase ordinal, so that every phase
     * before it is done (a run may then reserve those ordinals for phases trained elsewhere).
     *
     * @param ordinal a phase's ordinal
     * @return true while replaying and {@code ordinal} is at most the checkpoint's phase
     */
    public boolean reaches(int ordinal) {
        return pending != null && ordinal <= pending.state().phaseOrdinal();
    }

    /**
     * Returns the recorded result of a phase the checkpoint already covers.
     *
     * @param ordinal the phase's place in the strategy
     * @return its result, or empty if the phase must run
     */
    public Optional<PhaseResult> finished(int ordinal) {
        return pending != null && ordinal < pending.state().phaseOrdinal()
                ? Optional.of(pending.state().phases().get(ordinal))
                : Optional.empty();
    }

    /**
     * Hands the checkpoint to the phase that continues it, once.
     *
     * @return the checkpoint, or empty when the run is not replaying
     */
    public Optional<CheckpointStore.Loaded> take() {
        Optional<CheckpointStore.Loaded> out = Optional.ofNullable(pending);
        pending = null;
        return out;
    }

    /**
     * Returns the events about the resume itself (checkpoints skipped as corrupt, settings changed),
     * which follow the restored history.
     *
     * @return the events
     */
    public List<RunEvent> events() {
        return events;
    }

    /**
     * Fails if the strategy ended before reaching the checkpoint's phase.
     *
     * @param phasesRun how many phases the strategy ran
     */
    public void finish(int phasesRun) {
        if (pending != null) {
            throw new IllegalStateException(
                    "the checkpoint is at phase " + pending.state().phaseOrdinal()
                            + " but the strategy ran only " + phasesRun
                            + " phases: it does not replay the same way (were its settings changed?)");
        }
    }

    /**
     * Lists the settings that differ.
     *
     * @param saved the checkpoint's provenance
     * @param now this run's
     * @return one line per difference, e.g. {@code batchSize: checkpoint 128, now 64}
     */
    public static List<String> differences(Map<String, String> saved, Map<String, String> now) {
        Set<String> keys = new LinkedHashSet<>(saved.keySet());
        keys.addAll(now.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String a = saved.getOrDefault(k, "(not recorded)");
            String b = now.getOrDefault(k, "(not recorded)");
            if (!a.equals(b)) {
                out.add(
                        a.contains("\n") || b.contains("\n")
                                ? k + ": " + summary(a, b)
                                : k + ": checkpoint " + a + ", now " + b);
            }
        }
        return out;
    }

    /** Two values of several lines (a network's architecture) by their size and their first differing line. */
    private static String summary(String saved, String now) {
        String[] a = saved.split("\n", -1);
        String[] b = now.split("\n", -1);
        int line = 0;
        while (line < Math.min(a.length, b.length) && a[line].equals(b[line])) {
            line++;
        }
        return "checkpoint " + a.length + " lines, now " + b.length + " lines; first difference at line " + (line + 1)
                + ": checkpoint \"" + clip(line < a.length ? a[line] : "") + "\", now \""
                + clip(line < b.length ? b[line] : "") + "\"";
    }

    private static String clip(String line) {
        String t = line.strip();
        return t.length() <= 60 ? t : t.substring(0, 57) + "...";
    }

    /**
     * Copies named arrays into the parameters they name.
     *
     * @param saved the saved arrays
     * @param names the parameters and their names
     */
    public static void loadParameters(NDList saved, Map<Parameter, String> names) {
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray a : saved) {
            byName.put(a.getName(), a);
        }
        for (Map.Entry<Parameter, String> e : names.entrySet()) {
            NDArray a = byName.remove(e.getValue());
            NDArray target = e.getKey().getArray();
            if (a == null || !a.getShape().equals(target.getShape())) {
                throw new IllegalStateException("checkpoint does not fit the network: parameter '"
                        + e.getValue() + "' "
                        + (a == null
                                ? "is missing"
                                : "has shape " + a.getShape() + ", network has " + target.getShape()));
            }
            NativeArrays.copyInto(a, target);
        }
        if (!byName.isEmpty()) {
            throw new IllegalStateException("checkpoint has parameters the network lacks: " + byName.keySet());
        }
    }
}
