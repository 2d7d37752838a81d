package io.resgrow.core.stop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.check.InvalidSettingException;
import java.util.List;
import java.util.Map;
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

    private static PhaseProgress withMetrics(List<Double> accuracy, Map<String, List<Double>> metrics) {
        return new PhaseProgress(accuracy.size(), accuracy, 0, 0, accuracy.size(), metrics);
    }

    @Test
    void aRuleReadingAnEvaluatorWatchesThatValueNotTheAccuracy() {
        StoppingRule top3 = StoppingRule.targetAccuracy(0.9).reading("top3");
        PhaseProgress p = withMetrics(List.of(0.5, 0.6), Map.of("top3", List.of(0.8, 0.95)));
        assertTrue(top3.shouldStop(p), "top-3 reached 0.95");
        assertFalse(StoppingRule.targetAccuracy(0.9).shouldStop(p), "accuracy is still 0.6");
    }

    @Test
    void aRuleReadingTheLossLowerIsBetterStopsWhenTheLossStopsFalling() {
        SlopeCriterion slope = new SlopeCriterion(2, 0.5);
        StoppingRule onLoss = slope.readingLowerIsBetter("loss");
        List<Double> flatAccuracy = List.of(0.5, 0.5, 0.5, 0.5);
        PhaseProgress falling = withMetrics(flatAccuracy, Map.of("loss", List.of(4.0, 3.0, 2.0, 1.0)));
        PhaseProgress stalled = withMetrics(flatAccuracy, Map.of("loss", List.of(4.0, 3.0, 2.99, 2.99)));
        assertFalse(onLoss.shouldStop(falling), "a falling loss is progress");
        assertTrue(onLoss.shouldStop(stalled), "a flat loss after a fall is not");
        assertTrue(slope.shouldStop(falling), "the accuracy alone would have stopped it");
    }

    @Test
    void aRuleReadingAValueTheRunLacksSaysWhichItHas() {
        PhaseProgress p = withMetrics(List.of(0.5), Map.of("loss", List.of(1.0), "Accuracy", List.of(0.5)));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StoppingRule.epochs(3).reading("top5").shouldStop(p));
        assertTrue(
                e.getMessage().contains("'top5'")
                        && e.getMessage().contains("loss")
                        && e.getMessage().contains("Accuracy"),
                e.getMessage());
    }

    @Test
    void plateauStopsOnceTheLastEpochsBroughtNothingAboveTheBestBefore() {
        StoppingRule rule = StoppingRule.plateau(2);
        assertFalse(rule.shouldStop(progress(List.of(0.5, 0.6))), "too few epochs to judge");
        assertFalse(rule.shouldStop(progress(List.of(0.5, 0.6, 0.55, 0.61))), "0.61 beats 0.6");
        assertTrue(rule.shouldStop(progress(List.of(0.5, 0.6, 0.55, 0.6))), "two epochs without a new best");
        assertFalse(rule.shouldStop(progress(List.of(Double.NaN, Double.NaN, Double.NaN))), "no validation");
        assertThrows(InvalidSettingException.class, () -> StoppingRule.plateau(0));
    }
}
