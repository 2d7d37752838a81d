package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.checkpoint.CorruptCheckpointException;
import io.resgrow.core.checkpoint.ResumeMismatchException;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.CosineRestarts;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.ResumeCheck;
import io.resgrow.core.testing.ResumeCheck.StepLog;
import io.resgrow.core.testing.TinyNets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped by a crash and resumed ends bit-identical to a run that was never stopped. */
class ResumeTest {

    private static final ArraySource DATA = ArraySource.blobs(320, 4, 2, 6, 1.5, 5);

    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** A listener that crashes the run when the given epoch ends. */
    private static RunListener crashAfterEpoch(int epoch) {
        return new RunListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                if (record.epoch() == epoch) {
                    throw new Crash();
                }
            }
        };
    }

    /** A listener that crashes the run after the given step of the given epoch. */
    private static RunListener crashAtStep(int epoch, int step) {
        return new RunListener() {
            @Override
            public void onStep(StepInfo s) {
                if (s.epoch() == epoch && s.step() == step) {
                    throw new Crash();
                }
            }
        };
    }

    private static RunBuilder run(Path ckpt) {
        return run(ckpt, TinyNets.convNet(4));
    }

    private static RunBuilder run(Path ckpt, Block net) {
        return ResGrow.train(net, new Shape(2, 6, 6))
                .on(DATA, DATA)
                .strategy(PlainStrategy.epochs(3))
                .optimizer(NamedSgd.builder().momentum(0.9).weightDecay(1e-3).build())
                .schedule(new CosineRestarts(0.1, 0.001, new int[] {3}, true))
                .augment((b, r) -> {
                    if (r.nextBoolean()) {
                        b.images()[0] += 0.5f;
                    }
                })
                .batchSize(32)
                .seed(7)
                .devices(Device.cpu())
                .checkpoints(ckpt)
                .quiet();
    }

    @Test
    void resumeAfterACrashAtAnEpochEndIsExact(@TempDir Path dir) {
        StepLog straightSteps = new StepLog();
        TrainingReport straight = run(dir.resolve("a")).listener(straightSteps).fit();
        Path b = dir.resolve("b");
        assertThrows(Crash.class, () -> run(b).listener(crashAfterEpoch(2)).fit());
        ResumeCheck.Position at = ResumeCheck.newest(b);
        // the listener throws before epoch 2's checkpoint is written: the newest follows epoch 1
        assertEquals(List.of(0, 1, 0), List.of(at.phaseOrdinal(), at.epoch(), at.step()), at.toString());
        StepLog resumedSteps = new StepLog();
        TrainingReport resumed = run(b).listener(resumedSteps).resume(true).fit();
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        assertEquals(3, resumed.epochs().size());
        assertEquals(
                straight.epochs().get(2).trainLoss(), resumed.epochs().get(2).trainLoss(), 1e-6);
        // 320 samples at batch 32: 10 steps an epoch, only epochs 2 and 3 are trained again
        assertEquals(20, resumedSteps.steps().size(), resumedSteps.steps().toString());
        ResumeCheck.assertResumedAt(at, resumed, straightSteps, resumedSteps);
    }

    @Test
    void resumeInTheMiddleOfAnEpochIsExact(@TempDir Path dir) {
        StepLog straightSteps = new StepLog();
        TrainingReport straight = run(dir.resolve("a")).listener(straightSteps).fit();
        Path b = dir.resolve("b");
        assertThrows(
                Crash.class,
                () -> run(b).checkpointEverySteps(4).listener(crashAtStep(2, 6)).fit());
        ResumeCheck.Position at = ResumeCheck.newest(b);
        // a checkpoint every 4 steps of an epoch: the last before step 6 of epoch 2 follows its step 4
        assertEquals(List.of(1, 4), List.of(at.epoch(), at.step()), at.toString());
        StepLog resumedSteps = new StepLog();
        TrainingReport resumed = run(b).checkpointEverySteps(4)
                .listener(resumedSteps)
                .resume(true)
                .fit();
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        assertEquals(30 - 14, resumedSteps.steps().size(), resumedSteps.steps().toString());
        ResumeCheck.assertResumedAt(at, resumed, straightSteps, resumedSteps);
        assertEquals(
                straight.epochs().get(1).trainLoss(), resumed.epochs().get(1).trainLoss(), 1e-5);
    }

    @Test
    void resumeInTheMiddleOfAnEpochIsExactWithDropout(@TempDir Path dir) {
        // dropout draws from the engine's generator: it is reseeded per step, so a resume from any
        // step draws the same masks as the run that was never stopped
        StepLog straightSteps = new StepLog();
        TrainingReport straight = run(dir.resolve("a"), TinyNets.convNetWithDropout(4, 0.5f))
                .listener(straightSteps)
                .fit();
        TrainingReport again =
                run(dir.resolve("c"), TinyNets.convNetWithDropout(4, 0.5f)).fit();
        assertEquals(straight.paramsSha256(), again.paramsSha256(), "the run itself is deterministic");
        Path b = dir.resolve("b");
        assertThrows(
                Crash.class,
                () -> run(b, TinyNets.convNetWithDropout(4, 0.5f))
                        .checkpointEverySteps(4)
                        .listener(crashAtStep(2, 6))
                        .fit());
        ResumeCheck.Position at = ResumeCheck.newest(b);
        StepLog resumedSteps = new StepLog();
        TrainingReport resumed = run(b, TinyNets.convNetWithDropout(4, 0.5f))
                .checkpointEverySteps(4)
                .listener(resumedSteps)
                .resume(true)
                .fit();
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        ResumeCheck.assertResumedAt(at, resumed, straightSteps, resumedSteps);
    }

    @Test
    void aCorruptCheckpointIsNeverLoaded(@TempDir Path dir) throws IOException {
        Path b = dir.resolve("b");
        run(b).fit();
        Path params;
        try (Stream<Path> s = Files.walk(b)) {
            params = s.filter(p -> p.getFileName().toString().equals("params.ndlist"))
                    .sorted()
                    .reduce((x, y) -> y)
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(params, bytes);
        try (Stream<Path> s = Files.list(b)) {
            for (Path ckpt : s.filter(p -> p.getFileName().toString().startsWith("ckpt-"))
                    .toList()) {
                Files.write(ckpt.resolve("params.ndlist"), bytes);
            }
        }
        CorruptCheckpointException e = assertThrows(
                CorruptCheckpointException.class, () -> run(b).resume(true).fit());
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains("none of its 2"), e.getMessage());
    }

    @Test
    void aCorruptNewestCheckpointFallsBackToThePreviousAndStillEndsExact(@TempDir Path dir) throws IOException {
        TrainingReport straight = run(dir.resolve("a")).fit();
        Path b = dir.resolve("b");
        assertThrows(Crash.class, () -> run(b).listener(crashAfterEpoch(3)).fit());
        Path newest;
        try (Stream<Path> s = Files.list(b)) {
            newest = s.filter(p -> p.getFileName().toString().startsWith("ckpt-"))
                    .sorted()
                    .reduce((x, y) -> y)
                    .orElseThrow();
        }
        Files.write(newest.resolve("optimizer.ndlist"), new byte[] {1, 2});
        ResumeCheck.Position at = ResumeCheck.newest(b);
        assertTrue(at.name().compareTo(newest.getFileName().toString()) < 0, at + " is not older than " + newest);
        TrainingReport resumed = run(b).resume(true).fit();
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        ResumeCheck.assertResumeEvent(at, resumed.events());
        // the user sees which checkpoint was used and which newer one was skipped, in the resume line itself
        assertTrue(
                resumed.events().stream()
                        .anyMatch(e -> e.type().equals("resume")
                                && e.detail().contains(at.name())
                                && e.detail().contains("newer ones skipped")
                                && e.detail().contains(newest.getFileName().toString())),
                resumed.events().toString());
        assertTrue(
                resumed.events().stream()
                        .anyMatch(e -> e.type().equals("checkpoint-skipped")
                                && e.detail().contains(newest.getFileName().toString())),
                resumed.events().toString());
    }

    @Test
    void resumingWithOtherSettingsIsRefusedWithTheListUnlessAllowed(@TempDir Path dir) {
        run(dir).fit();
        ResumeMismatchException e = assertThrows(
                ResumeMismatchException.class,
                () -> run(dir).strategy(PlainStrategy.epochs(4))
                        .batchSize(16)
                        .seed(8)
                        .resume(true)
                        .fit());
        List<String> keys = e.differences().stream()
                .map(d -> d.substring(0, d.indexOf(':')))
                .toList();
        assertEquals(List.of("strategy", "batchSize", "seed"), keys);
        assertTrue(e.getMessage().contains("batchSize: checkpoint 32, now 16"), e.getMessage());
        TrainingReport changed =
                run(dir).batchSize(16).resume(true).resumeWithChanges(true).fit();
        assertTrue(
                changed.events().stream()
                        .anyMatch(ev -> ev.type().equals("resume-changes")
                                && ev.detail().contains("batchSize: checkpoint 32, now 16")),
                changed.events().toString());
    }

    @Test
    void anotherNetworkIsRefusedEvenWithChangesAllowedInAShortMessage(@TempDir Path dir) {
        run(dir).fit();
        for (boolean allow : new boolean[] {false, true}) {
            ResumeMismatchException e = assertThrows(
                    ResumeMismatchException.class,
                    () -> run(dir, TinyNets.convNetWithDropout(4, 0.5f))
                            .resume(true)
                            .resumeWithChanges(allow)
                            .fit());
            String m = e.getMessage();
            assertTrue(m.contains("this run's network differs") && m.contains("never the network"), m);
            assertTrue(
                    e.differences().stream()
                            .anyMatch(d -> d.startsWith("network: checkpoint ")
                                    && d.contains(" lines; first difference at line ")),
                    e.differences().toString());
            assertTrue(m.lines().count() < 10, "the message prints whole networks: " + m);
        }
    }

    @Test
    void anOutsideSettingThatChangesResultsIsComparedOnResumeLikeTheRunsOwn(@TempDir Path dir) {
        run(dir).comparedOnResume(Map.of("intraOpThreads", "2")).fit();
        ResumeMismatchException e = assertThrows(
                ResumeMismatchException.class,
                () -> run(dir).comparedOnResume(Map.of("intraOpThreads", "1"))
                        .resume(true)
                        .fit());
        assertEquals(List.of("intraOpThreads: checkpoint 2, now 1"), e.differences());
        TrainingReport same = run(dir).comparedOnResume(Map.of("intraOpThreads", "2"))
                .resume(true)
                .fit();
        assertTrue(
                same.events().stream().noneMatch(ev -> ev.type().equals("resume-changes")),
                same.events().toString());
        // a checkpoint written without the entry (an older run) differs from one that has it
        Path older = dir.resolve("older");
        run(older).fit();
        e = assertThrows(
                ResumeMismatchException.class,
                () -> run(older)
                        .comparedOnResume(Map.of("intraOpThreads", "2"))
                        .resume(true)
                        .fit());
        assertEquals(List.of("intraOpThreads: checkpoint (not recorded), now 2"), e.differences());
    }

    @Test
    void resumeWithoutAnyCheckpointSaysSoInTheReport(@TempDir Path dir) {
        TrainingReport r = run(dir).resume(true).fit();
        assertTrue(
                r.events().stream()
                        .anyMatch(e -> e.type().equals("resume")
                                && e.detail().contains("no checkpoint")
                                && Boolean.FALSE.equals(e.data().get("found"))),
                r.events().toString());
    }

    @Test
    void divergenceStopsTheRunAndLeavesOnlyFiniteCheckpoints(@TempDir Path dir) {
        DivergenceException e = assertThrows(
                DivergenceException.class,
                () -> run(dir).schedule(new CosineRestarts(1e7, 1e6, new int[] {3}, true))
                        .divergenceCheck(1)
                        .fit());
        assertEquals("plain", e.phase());
        assertTrue(
                e.getMessage().contains("epoch " + e.epoch()) && e.getMessage().contains("NaN or infinite")
                        || e.getMessage().contains("is NaN")
                        || e.getMessage().contains("Infinity"),
                e.getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            new CheckpointStore(dir, 2).loadLatest(m).ifPresent(c -> {
                for (NDArray a : c.params()) {
                    for (float v : a.toFloatArray()) {
                        assertTrue(Float.isFinite(v), a.getName());
                    }
                }
            });
        }
    }
}
