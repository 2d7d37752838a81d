package io.resgrow.core.testing;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.listen.RunListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hears what each phase of a run actually trained with: the batch size, optimizer and schedule the
 * engine reports at the phase's start, the sample count of its first step and the learning rate of
 * its first epoch (as the engine applied it), by phase name.
 */
public final class PhaseSettingsProbe implements RunListener {

    /**
     * What one phase trained with.
     *
     * @param batchSize the batch size the engine used
     * @param optimizer the optimizer's description
     * @param schedule the schedule's description
     * @param firstStepSamples the samples in the phase's first step
     * @param firstEpochRate the learning rate of the last step of the phase's first epoch
     */
    public record Seen(int batchSize, String optimizer, String schedule, int firstStepSamples, double firstEpochRate) {}

    private final Map<String, Object[]> phases = new LinkedHashMap<>();

    @Override
    public void onEvent(RunEvent event) {
        if (event.type().equals("phase-start")) {
            Map<String, Object> d = event.data();
            phases.put(
                    event.detail(),
                    new Object[] {d.get("batchSize"), d.get("optimizer"), d.get("schedule"), -1, Double.NaN});
        }
    }

    @Override
    public void onStep(StepInfo step) {
        Object[] p = phases.get(step.phase());
        if (p != null && (int) p[3] < 0) {
            p[3] = step.samples();
        }
    }

    @Override
    public void onEpoch(EpochRecord record) {
        Object[] p = phases.get(record.phase());
        if (p != null && Double.isNaN((double) p[4])) {
            p[4] = record.learningRate();
        }
    }

    /**
     * Returns what a phase trained with.
     *
     * @param phase the phase's name
     * @return what it saw
     */
    public Seen phase(String phase) {
        Object[] p = phases.get(phase);
        if (p == null) {
            throw new AssertionError("no phase '" + phase + "' started; phases: " + phases.keySet());
        }
        return new Seen((int) p[0], (String) p[1], (String) p[2], (int) p[3], (double) p[4]);
    }

    /**
     * Returns the names of the phases that started, in order.
     *
     * @return the names
     */
    public Set<String> names() {
        return phases.keySet();
    }
}
