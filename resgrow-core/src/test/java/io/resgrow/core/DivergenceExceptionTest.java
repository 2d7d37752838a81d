package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A diverged run's message names its phase and gives a fix that fits the run: resume only if it can. */
class DivergenceExceptionTest {

    private static RunBuilder diverging() {
        return ResGrow.train(TinyNets.mlp(8, 3), new Shape(1, 4, 4))
                .on(ArraySource.blobs(60, 3, 1, 4, 1.0, 4))
                .strategy(PlainStrategy.epochs(2))
                .optimizer(NamedSgd.builder().build())
                .schedule(LrSchedule.constant(1e12))
                .batchSize(10)
                .divergenceCheck(1)
                .devices(Device.cpu())
                .quiet();
    }

    @Test
    void withoutCheckpointsTheFixIsToTrainAgain() {
        DivergenceException e =
                assertThrows(DivergenceException.class, () -> diverging().fit());
        String m = e.getMessage();
        assertEquals("plain", e.phase());
        assertTrue(m.startsWith("Training diverged in phase plain, epoch "), m);
        assertTrue(m.contains("The run wrote no checkpoints.") && m.contains("and train again"), m);
        assertFalse(m.contains("resume from the last checkpoint"), m);
        assertTrue(m.endsWith("extreme values."), m);
    }

    @Test
    void withCheckpointsTheFixIsToResume(@TempDir Path dir) {
        DivergenceException e = assertThrows(
                DivergenceException.class, () -> diverging().checkpoints(dir).fit());
        String m = e.getMessage();
        assertTrue(
                m.contains("No checkpoint of these values was written.")
                        && m.contains("resume from the last checkpoint"),
                m);
    }
}
