package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.engine.NativeArrays;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollback policy: a run that diverges goes back to its last checkpoint and continues with a
 * tenth of the learning rate. The divergence is made certain and rate-dependent by an optimizer
 * that writes NaN into the weights whenever it is asked for a rate above 1 (plain momentum SGD
 * otherwise), so the test knows exactly which attempts must diverge.
 */
class DivergenceRollbackTest {

    private static final ArraySource DATA = ArraySource.blobs(160, 4, 2, 6, 1.5, 5);

    /** Momentum SGD that poisons the weights when the rate exceeds 1. */
    private static final class Tripwire extends NamedOptimizer {
        Tripwire() {
            super(0, false);
        }

        @Override
        protected int slotCount() {
            return 1;
        }

        @Override
        protected void apply(NDArray weight, NDArray grad, NDArray[] state, long step, double lr) {
            if (lr > 1) {
                NativeArrays.fill(weight, Double.NaN);
                return;
            }
            state[0].muli(0.9).addi(grad);
            try (NDArray delta = state[0].mul(lr)) {
                weight.subi(delta);
            }
        }

        @Override
        public String toString() {
            return "tripwire";
        }
    }

    /** Rate 0.05 for two epochs, then {@code third}. */
    private record TwoThenThird(double third) implements LrSchedule {
        @Override
        public double rate(int epoch, int step, int stepsPerEpoch) {
            return epoch < 2 ? 0.05 : third;
        }
    }

    private static RunBuilder run(Path ckpt, double third) {
        return ResGrow.train(TinyNets.convNet(4), new Shape(2, 6, 6))
                .on(DATA, DATA)
                .strategy(PlainStrategy.epochs(3))
                .optimizer(new Tripwire())
                .schedule(new TwoThenThird(third))
                .batchSize(32)
                .seed(7)
                .devices(Device.cpu())
                .divergenceCheck(1)
                .checkpoints(ckpt)
                .quiet();
    }

    @Test
    void rollsBackToTheLastCheckpointAndEndsAsARunWithATenthOfTheRateThere(@TempDir Path dir) {
        TrainingReport rolled = DivergenceRollback.fit(() -> run(dir.resolve("a"), 5.0), 3);
        // the same run told from the start to use 0.5 in its third epoch: no divergence, no rollback
        TrainingReport straight = run(dir.resolve("b"), 0.5).fit();
        assertEquals(straight.paramsSha256(), rolled.paramsSha256());
        assertEquals(
                List.of(0.05, 0.05, 0.5),
                rolled.epochs().stream().map(e -> e.learningRate()).toList());
        assertTrue(
                rolled.events().stream()
                        .anyMatch(e -> e.type().equals("resume-changes")
                                && e.detail().contains("learningRateScale: checkpoint 1.0, now 0.1")),
                rolled.events().toString());
    }

    @Test
    void givesUpAfterTheLastRollbackWithTheDivergence(@TempDir Path dir) {
        // 1000 -> 100 -> 10 are all above the tripwire: two rollbacks are not enough
        DivergenceException e =
                assertThrows(DivergenceException.class, () -> DivergenceRollback.fit(() -> run(dir, 1000), 2));
        assertEquals(3, e.epoch());
    }

    @Test
    void needsCheckpointsAndAFreshNetworkEachTime(@TempDir Path dir) {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> DivergenceRollback.fit(
                        () -> ResGrow.train(TinyNets.convNet(4), new Shape(2, 6, 6))
                                .on(DATA)
                                .quiet(),
                        3));
        assertEquals("checkpoints", e.parameter());
        var net = TinyNets.convNet(4);
        e = assertThrows(
                InvalidSettingException.class,
                () -> DivergenceRollback.fit(
                        () -> ResGrow.train(net, new Shape(2, 6, 6))
                                .on(DATA)
                                .strategy(PlainStrategy.epochs(3))
                                .optimizer(new Tripwire())
                                .schedule(new TwoThenThird(5))
                                .batchSize(32)
                                .divergenceCheck(1)
                                .checkpoints(dir)
                                .quiet(),
                        3));
        assertEquals("run", e.parameter());
        assertTrue(e.getMessage().contains("create the network inside the supplier"), e.getMessage());
    }
}
