package io.resgrow.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.check.InvalidSettingException;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void constantMultiStepAndStepDecay() {
        assertEquals(0.1, LrSchedule.constant(0.1).rate(50, 3, 10));
        MultiStep ms = new MultiStep(0.1, 0.1, new int[] {2, 4});
        assertEquals(0.1, ms.rate(1, 9, 10), 1e-12);
        assertEquals(0.01, ms.rate(2, 0, 10), 1e-12);
        assertEquals(0.001, ms.rate(5, 0, 10), 1e-12);
        StepDecay sd = new StepDecay(1.0, 0.5, 3);
        assertEquals(1.0, sd.rate(2, 0, 1), 1e-12);
        assertEquals(0.5, sd.rate(3, 0, 1), 1e-12);
        assertEquals(0.25, sd.rate(6, 0, 1), 1e-12);
    }

    @Test
    void cosineRestartsAtEveryCycle() {
        CosineRestarts c = new CosineRestarts(0.5, 0.001, new int[] {4, 8, 12}, false);
        assertEquals(0.5, c.rate(0, 0, 10), 1e-12);
        assertEquals(0.5, c.rate(4, 0, 10), 1e-12, "restart at cycle 2");
        assertEquals(0.5, c.rate(8, 0, 10), 1e-12, "restart at cycle 3");
        assertEquals(0.001 + 0.499 * 0.5, c.rate(2, 0, 10), 1e-12, "half way");
        assertTrue(c.rate(3, 0, 10) < c.rate(2, 0, 10));
        assertEquals(1, c.cycleOf(4));
        CosineRestarts perStep = new CosineRestarts(1, 0, new int[] {2}, true);
        assertEquals(0.5, perStep.rate(1, 0, 10), 1e-12, "step 10 of 20 is half way");
        assertEquals((1 + Math.cos(Math.PI * 15 / 20)) / 2, perStep.rate(1, 5, 10), 1e-12);
    }

    @Test
    void cosineStepsCountsStepsAcrossEpochsOfAPhase() {
        CosineSteps c = new CosineSteps(1, 0, 12);
        assertEquals(1, c.rate(0, 0, 8), 1e-12);
        assertEquals(0.5, c.rate(0, 6, 8), 1e-12, "step 6 of 12 is half way");
        assertEquals((1 + Math.cos(Math.PI * 11 / 12)) / 2, c.rate(1, 3, 8), 1e-12, "epoch 1 step 3 is step 11");
        assertEquals(0, c.rate(2, 0, 8), 1e-12, "past the cycle the rate stays at etaMin");
        assertEquals(
                "steps",
                assertThrows(InvalidSettingException.class, () -> new CosineSteps(1, 0, 0))
                        .parameter());
        assertEquals(
                "etaMin",
                assertThrows(InvalidSettingException.class, () -> new CosineSteps(0.1, 0.5, 10))
                        .parameter());
    }

    @Test
    void badSchedulesAreTypedErrors() {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> new CosineRestarts(0.1, 0.5, new int[] {4}, false));
        assertTrue(e.getMessage().contains("etaMin"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> new CosineRestarts(0.5, 0.1, new int[] {4, 4}, false));
        assertEquals("cycleEnds", e.parameter());
        assertThrows(InvalidSettingException.class, () -> new MultiStep(0.1, 0.1, new int[] {3, 2}));
        assertThrows(InvalidSettingException.class, () -> new StepDecay(0.1, 0.5, 0));
        assertThrows(InvalidSettingException.class, () -> LrSchedule.constant(-1));
    }
}
