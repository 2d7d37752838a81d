package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.checkpoint.CorruptCheckpointException;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.TrainingListener;
import io.resgrow.core.optim.Sgd;
import io.resgrow.core.schedule.CosineRestarts;
import io.resgrow.core.strategy.PlainStrategy;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped by a crash and resumed ends bit-identical to a run that was never stopped. */
class ResumeTest {

    private static final ArraySource DATA = ArraySource.blobs(320, 4, 2, 6, 1.5, 5);

    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static TrainingRun.Builder run(Path ckpt) {
        return run(ckpt, TinyNets.convNet(4));
    }

    private static TrainingRun.Builder run(Path ckpt, Block net) {
        return ResGrow.train(net, new Shape(2, 6, 6))
                .on(DATA, DATA)
                .strategy(PlainStrategy.epochs(3))
                .optimizer(Sgd.builder().momentum(0.9).weightDecay(1e-3).build())
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
        TrainingReport straight = run(dir.resolve("a")).fit();
        Path b = dir.resolve("b");
        assertThrows(Crash.class, () -> run(b).listener(new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                if (record.epoch() == 2) {
                    throw new Crash();
                }
            }
        }).fit());
        TrainingReport resumed = run(b).resume(true).fit();
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        assertEquals(3, resumed.epochs().size());
        assertEquals(straight.epochs().get(2).trainLoss(), resumed.epochs().get(2).trainLoss(), 1e-6);
        assertTrue(resumed.events().stream().anyMatch(e -> e.type().equals("resume")));
    }

    @Test
    void resumeInTheMiddleOfAnEpochIsExact(@TempDir Path dir) {
        TrainingReport straight = run(dir.resolve("a")).fit();
        Path b = dir.resolve("b");
        assertThrows(Crash.class, () -> run(b).checkpointEverySteps(4).listener(new TrainingListener() {
            @Override
            public void onStep(StepInfo s) {
                if (s.epoch() == 2 && s.step() == 6) {
                    throw new Crash();
                }
            }
        }).fit());
        TrainingReport resumed = run(b).checkpointEverySteps(4).resume(true).fit();
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        assertEquals(straight.epochs().get(1).trainLoss(), resumed.epochs().get(1).trainLoss(), 1e-5);
    }

    @Test
    void resumeInTheMiddleOfAnEpochIsExactWithDropout(@TempDir Path dir) {
        // dropout draws from the engine's generator: it is reseeded per step, so a resume from any
        // step draws the same masks as the run that was never stopped
        TrainingReport straight = run(dir.resolve("a"), TinyNets.convNetWithDropout(4, 0.5f)).fit();
        TrainingReport again = run(dir.resolve("c"), TinyNets.convNetWithDropout(4, 0.5f)).fit();
        assertEquals(straight.paramsSha256(), again.paramsSha256(), "the run itself is deterministic");
        Path b = dir.resolve("b");
        assertThrows(Crash.class, () -> run(b, TinyNets.convNetWithDropout(4, 0.5f)).checkpointEverySteps(4)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepInfo s) {
                        if (s.epoch() == 2 && s.step() == 6) {
                            throw new Crash();
                        }
                    }
                }).fit());
        TrainingReport resumed = run(b, TinyNets.convNetWithDropout(4, 0.5f)).checkpointEverySteps(4)
                .resume(true).fit();
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
    }

    @Test
    void aCorruptCheckpointIsNeverLoaded(@TempDir Path dir) throws IOException {
        Path b = dir.resolve("b");
        run(b).fit();
        Path params;
        try (Stream<Path> s = Files.walk(b)) {
            params = s.filter(p -> p.getFileName().toString().equals("params.ndlist")).sorted()
                    .reduce((x, y) -> y).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(params, bytes);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> run(b).resume(true).fit());
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void resumingWithAnotherStrategyIsRefused(@TempDir Path dir) {
        run(dir).fit();
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> run(dir).strategy(PlainStrategy.epochs(4)).resume(true).fit());
        assertEquals("strategy", e.parameter());
    }
}
