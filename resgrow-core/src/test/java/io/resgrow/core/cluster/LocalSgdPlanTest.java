package io.resgrow.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.schedule.LrSchedule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** A local-SGD plan refuses bad settings by name when it is made, before any cluster is asked. */
class LocalSgdPlanTest {

    private static final DataRecipe DATA = Mockito.mock(DataRecipe.class);
    private static final List<LocalSgdPlan.Stage> ONE = List.of(new LocalSgdPlan.Stage(3, LrSchedule.constant(0.1)));

    private static LocalSgdPlan plan(
            int workers, int k, List<LocalSgdPlan.Stage> stages, double momentum, Path ckpt, boolean resume) {
        Block net = new SequentialBlock();
        return new LocalSgdPlan(
                net,
                new Shape(1, 8, 8),
                DATA,
                null,
                workers,
                k,
                16,
                stages,
                momentum,
                5e-4,
                true,
                1,
                ckpt,
                2,
                resume,
                null,
                null,
                null);
    }

    private static String refused(Runnable make) {
        return assertThrows(InvalidSettingException.class, make::run).parameter();
    }

    @Test
    void eachBadSettingIsRefusedUnderItsName() {
        assertEquals("workers", refused(() -> plan(0, 10, ONE, 0.9, null, false)));
        assertEquals("stepsPerRound", refused(() -> plan(2, 0, ONE, 0.9, null, false)));
        assertEquals("momentum", refused(() -> plan(2, 10, ONE, 1.0, null, false)));
        assertEquals("stages", refused(() -> plan(2, 10, List.of(), 0.9, null, false)));
        assertEquals("resume", refused(() -> plan(2, 10, ONE, 0.9, null, true)));
        assertEquals("epochs", refused(() -> new LocalSgdPlan.Stage(0, LrSchedule.constant(0.1))));
    }

    @Test
    void epochsAddUpOverTheStages() {
        LocalSgdPlan p = plan(
                2,
                10,
                List.of(ONE.get(0), new LocalSgdPlan.Stage(4, LrSchedule.constant(0.01))),
                0.9,
                Path.of("ckpt"),
                true);
        assertEquals(7, p.epochs());
    }
}
