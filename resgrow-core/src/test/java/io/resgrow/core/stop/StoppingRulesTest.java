package io.resgrow.core.stop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.check.InvalidSettingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoppingRulesTest {

    private static PhaseProgress progress(List<Double> acc) {
        return new PhaseProgress(acc.size(), acc, 0, 0, acc.size());
    }

    @Test
    void angleIsAtanOfTheLeastSquaresSlope() {
        assertEquals(Math.atan(0.1), SlopeCriterion.angle(List.of(0.1, 0.2, 0.3)), 1e-12);
        assertEquals(0.0, SlopeCriterion.angle(List.of(0.5, 0.5, 0.5)), 1e-12);
    }

    @Test
    void slopeCriterionFiresWhenLearningSlowsBelowGammaOfThePreviousPace() {
        SlopeCriterion rule = new SlopeCriterion(3, 0.5);
        // first window rises 0.1 per epoch, second 0.02: 0.02 <= 0.5 * 0.1 -> stop
        List<Double> slowing = List.of(0.1, 0.2, 0.3, 0.32, 0.34, 0.36);
        assertTrue(rule.shouldStop(progress(slowing)));
        assertFalse(rule.shouldStop(progress(slowing.subList(0, 5))), "decides only at window ends");
        assertFalse(rule.shouldStop(progress(slowing.subList(0, 3))), "needs two windows");
        // steady progress does not stop
        assertFalse(rule.shouldStop(progress(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6))));
    }

    @Test
    void fixedEpochsTargetAndBudget() {
        assertTrue(StoppingRule.epochs(2).shouldStop(progress(List.of(0.1, 0.2))));
        assertFalse(StoppingRule.epochs(3).shouldStop(progress(List.of(0.1, 0.2))));
        assertTrue(StoppingRule.targetAccuracy(0.9).shouldStop(progress(List.of(0.5, 0.95))));
        assertTrue(Budget.flops(10).shouldStop(new PhaseProgress(1, List.of(), 10, 0, 1)));
        assertFalse(Budget.seconds(10).shouldStop(new PhaseProgress(1, List.of(), 1e20, 9, 1)));
        assertTrue(StoppingRule.epochs(9).or(Budget.epochs(1)).shouldStop(progress(List.of(0.1))));
    }

    @Test
    void badRulesAreTypedErrors() {
        assertThrows(InvalidSettingException.class, () -> new SlopeCriterion(1, 0.5));
        assertThrows(InvalidSettingException.class, () -> new SlopeCriterion(3, -1));
        assertThrows(InvalidSettingException.class, () -> StoppingRule.epochs(0));
        assertThrows(InvalidSettingException.class, () -> StoppingRule.targetAccuracy(1.5));
    }
}
