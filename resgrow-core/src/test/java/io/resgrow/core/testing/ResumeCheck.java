package io.resgrow.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.resgrow.core.checkpoint.CheckpointState;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a resume really continued from its checkpoint: the position it reports is the one
 * the checkpoint's manifest holds (read here from the file, not from the run), and it made only
 * the steps an uninterrupted run makes after that position. A resume that silently restarts from
 * the beginning ends with the same parameters as the uninterrupted run (the run is deterministic),
 * so comparing hashes alone cannot see it; this can.
 */
public final class ResumeCheck {

    private ResumeCheck() {}

    /** Records every step a run makes as {@code phase:runEpoch:step}. */
    public static final class StepLog implements RunListener {
        private final List<String> steps = new ArrayList<>();

        @Override
        public void onStep(StepInfo s) {
            steps.add(s.phase() + ":" + s.epoch() + ":" + s.step());
        }

        /**
         * Returns the steps so far.
         *
         * @return {@code phase:runEpoch:step} in order
         */
        public List<String> steps() {
            return List.copyOf(steps);
        }
    }

    /**
     * Where a checkpoint stands, as its manifest says.
     *
     * @param name the checkpoint's directory name
     * @param phaseOrdinal the phase in progress
     * @param phaseName its name
     * @param epoch the next epoch within the phase
     * @param step the next step within that epoch
     * @param runEpochsDone the run epochs finished
     */
    public record Position(String name, int phaseOrdinal, String phaseName, int epoch, int step, int runEpochsDone) {}

    private static int runEpochOf(String step) {
        String[] parts = step.split(":");
        return Integer.parseInt(parts[parts.length - 2]);
    }

    /**
     * Reads the newest valid checkpoint of a directory.
     *
     * @param dir the checkpoint directory
     * @return its position
     */
    public static Position newest(Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            CheckpointStore.Loaded loaded = new CheckpointStore(dir, 1000)
                    .loadLatest(m)
                    .orElseThrow(() -> new AssertionError("no checkpoint in " + dir));
            CheckpointState s = loaded.state();
            return new Position(
                    loaded.path().getFileName().toString(),
                    s.phaseOrdinal(),
                    s.phaseName(),
                    s.epoch(),
                    s.step(),
                    s.epochs().size());
        }
    }

    /**
     * Asserts that a resumed run continued from {@code at}: its resume event names that checkpoint
     * and position, and the steps it made are exactly those the uninterrupted run made from there on.
     *
     * @param at the checkpoint's position, read before the resume
     * @param resumed the resumed run's report
     * @param straight the uninterrupted run's steps
     * @param resumedSteps the resumed run's steps
     */
    public static void assertResumedAt(Position at, TrainingReport resumed, StepLog straight, StepLog resumedSteps) {
        assertResumeEvent(at, resumed.events());
        List<String> all = straight.steps();
        // the steps of the finished run epochs, then those of the epoch in progress
        int from = (int) all.stream()
                        .filter(s -> runEpochOf(s) <= at.runEpochsDone())
                        .count()
                + at.step();
        assertTrue(from > 0 && from < all.size(), at + " is not inside the uninterrupted run: " + all);
        if (at.step() > 0) {
            assertTrue(all.get(from).startsWith(at.phaseName() + ":"), at + " but the step there is " + all.get(from));
        }
        assertEquals(
                all.subList(from, all.size()),
                resumedSteps.steps(),
                "the resumed run must make only the steps after " + at);
    }

    /**
     * Asserts that the events hold a resume from {@code at}.
     *
     * @param at the checkpoint's position
     * @param events the resumed run's events
     */
    public static void assertResumeEvent(Position at, List<RunEvent> events) {
        RunEvent resume = events.stream()
                .filter(e -> e.type().equals("resume"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no resume event in " + events));
        assertEquals(Boolean.TRUE, resume.data().get("found"), "resumed from nothing: " + resume);
        assertEquals(
                List.of(at.name(), at.phaseOrdinal(), at.epoch(), at.step()),
                List.of(
                        resume.data().get("checkpoint"),
                        resume.data().get("phase"),
                        resume.data().get("epoch"),
                        resume.data().get("step")),
                resume.toString());
    }
}
