package io.resgrow.bench;

import io.resgrow.core.listen.RunListener;
import io.resgrow.examples.cli.ProcessMemory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hears a run's steps and keeps, per phase, each step's time and batch size and the highest
 * resident memory seen at a step's end (sampled every few steps).
 */
final class PhaseMeter implements RunListener {

    private static final int RSS_EVERY = 5;

    /** One phase's figures. */
    static final class Figures {
        final List<Long> nanos = new ArrayList<>();
        int samples;
        long peakRssKiB;

        /**
         * Returns the median step time per sample, leaving out the first step (warm-up, feature caching).
         *
         * @return microseconds per sample
         */
        double microsPerSample() {
            List<Long> later = new ArrayList<>(nanos.size() > 1 ? nanos.subList(1, nanos.size()) : nanos);
            return Timings.medianMillis(later) * 1000 / (samples / (double) nanos.size());
        }
    }

    private final Map<String, Figures> phases = new LinkedHashMap<>();

    @Override
    public void onStep(StepInfo step) {
        Figures f = phases.computeIfAbsent(step.phase(), k -> new Figures());
        f.nanos.add(step.nanos());
        f.samples += step.samples();
        if (f.nanos.size() % RSS_EVERY == 1) {
            f.peakRssKiB = Math.max(f.peakRssKiB, ProcessMemory.rssKiB());
        }
    }

    /**
     * Returns the figures of every phase, in the order they ran.
     *
     * @return phase name to figures
     */
    Map<String, Figures> phases() {
        return phases;
    }
}
