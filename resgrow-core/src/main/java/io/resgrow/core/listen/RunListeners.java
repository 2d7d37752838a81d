package io.resgrow.core.listen;

import io.resgrow.core.engine.Evaluator;
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
public record RunListeners(List<TrainingListener> all) implements TrainingListener {

    /** Copies the list. */
    public RunListeners {
        all = List.copyOf(all);
    }

    @Override
    public void onStep(StepInfo step) {
        for (TrainingListener l : all) {
            l.onStep(step);
        }
    }

    @Override
    public void onEvaluation(EvaluationInfo evaluation) {
        for (TrainingListener l : all) {
            l.onEvaluation(evaluation);
        }
    }

    @Override
    public void onEpoch(EpochRecord record) {
        for (TrainingListener l : all) {
            l.onEpoch(record);
        }
    }

    @Override
    public void onEvent(RunEvent event) {
        for (TrainingListener l : all) {
            l.onEvent(event);
        }
    }

    @Override
    public void onEnd(TrainingReport report) {
        for (TrainingListener l : all) {
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
    public Evaluator.Listener evaluation(String set, String phase, int epoch) {
        return (done, total, nanos) -> onEvaluation(new EvaluationInfo(set, phase, epoch, done, total, nanos));
    }
}
