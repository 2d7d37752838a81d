package io.resgrow.core.listen;

import io.resgrow.core.engine.Evaluator;
import java.util.List;

/**
 * Who hears a run: its listeners, in order.
 *
 * @param all the listeners
 */
public record RunListeners(List<TrainingListener> all) {

    /** Copies the list. */
    public RunListeners {
        all = List.copyOf(all);
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
        return (done, total, nanos) -> {
            TrainingListener.EvaluationInfo info =
                    new TrainingListener.EvaluationInfo(set, phase, epoch, done, total, nanos);
            for (TrainingListener l : all) {
                l.onEvaluation(info);
            }
        };
    }
}
