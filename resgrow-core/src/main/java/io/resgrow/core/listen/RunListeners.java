package io.resgrow.core.listen;

import io.resgrow.core.engine.RunEvaluator;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import java.util.List;

/**
 * Who hears a run: its listeners, in order, told as one ({@code onStep} and the rest reach each of
 * them in turn).
 *
 * @param all the listeners
 */
public record RunListeners(List<RunListener> all) implements RunListener {

    /** Copies the list. */
    public RunListeners {
        all = List.copyOf(all);
    }

    @Override
    public void onStep(StepInfo step) {
        for (RunListener l : all) {
            l.onStep(step);
        }
    }

    @Override
    public void onEvaluation(EvaluationInfo evaluation) {
        for (RunListener l : all) {
            l.onEvaluation(evaluation);
        }
    }

    @Override
    public void onEpoch(EpochRecord record) {
        for (RunListener l : all) {
            l.onEpoch(record);
        }
    }

    @Override
    public void onEvent(RunEvent event) {
        for (RunListener l : all) {
            l.onEvent(event);
        }
    }

    @Override
    public void onEnd(TrainingReport report) {
        for (RunListener l : all) {
            l.onEnd(report);
        }
    }

    /**
     * Returns an evaluation listener that tells every run listener how a pass advances.
     *
     * @param set {@code "validation"} or {@code "test"}
     * @param phase the phase's name, or {@code "end"}
     * @param epoch the 1-based run epoch just trained
     * @return the listener
     */
    public RunEvaluator.Listener evaluation(String set, String phase, int epoch) {
        return (done, total, nanos) -> onEvaluation(new EvaluationInfo(set, phase, epoch, done, total, nanos));
    }
}
