package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.ResumeCheck;
import io.resgrow.core.testing.TinyNets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that trains one phase under a reserved ordinal (as a Spark executor trains a branch)
 * resumes from its own checkpoint in that phase exactly; reserving past the checkpoint is refused.
 */
class ElsewherePhasesTest {

    private static final ArraySource DATA = ArraySource.blobs(160, 4, 2, 6, 1.5, 3);

    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Reserves {@code reserved} ordinals, then trains the network for 3 epochs under the next one. */
    private record Reserving(int reserved) implements TrainingStrategy {
        @Override
        public String describe() {
            return "reserving";
        }

        @Override
        public void run(TrainingContext ctx) {
            ElsewherePhases.reserve(ctx, reserved);
            ctx.runPhase(Phase.builder("elsewhere", ctx.network()).epochs(3).build());
        }
    }

    private static RunBuilder run(Path ckpt, int reserved) {
        return ResGrow.train(TinyNets.convNet(4), new Shape(2, 6, 6))
                .on(DATA, DATA)
                .strategy(new Reserving(reserved))
                .optimizer(NamedSgd.builder().momentum(0.9).build())
                .augment((b, r) -> {
                    if (r.nextBoolean()) {
                        b.images()[0] += 0.5f;
                    }
                })
                .batchSize(32)
                .seed(11)
                .devices(Device.cpu())
                .checkpoints(ckpt)
                .quiet();
    }

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

    @Test
    void aPhaseUnderAReservedOrdinalResumesExactly(@TempDir Path dir) {
        ResumeCheck.StepLog straightSteps = new ResumeCheck.StepLog();
        TrainingReport straight =
                run(dir.resolve("a"), 3).listener(straightSteps).fit();
        Path b = dir.resolve("b");
        assertThrows(Crash.class, () -> run(b, 3).listener(crashAfterEpoch(2)).fit());
        ResumeCheck.Position at = ResumeCheck.newest(b);
        assertEquals(List.of(3, 1, 0), List.of(at.phaseOrdinal(), at.epoch(), at.step()), at.toString());
        ResumeCheck.StepLog resumedSteps = new ResumeCheck.StepLog();
        TrainingReport resumed = run(b, 3).listener(resumedSteps).resume(true).fit();
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        ResumeCheck.assertResumedAt(at, resumed, straightSteps, resumedSteps);
        // an ordinal other than the reserved one draws other batches: the hash sees it
        TrainingReport other = run(dir.resolve("c"), 0).fit();
        assertTrue(!other.paramsSha256().equals(straight.paramsSha256()), "ordinal 0 and 3 trained alike");
    }

    @Test
    void reservingPastTheCheckpointIsRefused(@TempDir Path dir) {
        assertThrows(Crash.class, () -> run(dir, 2).listener(crashAfterEpoch(2)).fit());
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> run(dir, 3).resume(true).fit());
        assertTrue(e.getMessage().contains("cannot run in another process"), e.getMessage());
    }
}
