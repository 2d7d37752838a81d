package io.resgrow.core.listen;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display for long epochs: phase, epoch, step, throughput and the epoch's ETA,
 * redrawn at most every 200 ms. It stays quiet when the output is not a terminal (logs, CI), unless
 * forced.
 */
public final class ProgressBar implements TrainingListener {

    private final PrintStream out;
    private final boolean enabled;
    private long lastDraw;
    private long epochNanos;
    private int epochSamples;

    /** Draws on standard error when it is a terminal. */
    public ProgressBar() {
        this(System.err, System.console() != null);
    }

    /**
     * Draws on a stream.
     *
     * @param out where to draw
     * @param enabled whether to draw at all
     */
    public ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    @Override
    public void onStep(StepInfo s) {
        if (!enabled) {
            return;
        }
        if (s.step() == 1) {
            epochNanos = 0;
            epochSamples = 0;
        }
        epochNanos += s.nanos();
        epochSamples += s.samples();
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && s.step() != s.steps()) {
            return;
        }
        lastDraw = now;
        double seconds = epochNanos / 1e9;
        double rate = seconds > 0 ? epochSamples / seconds : 0;
        double eta = s.step() > 0 ? seconds / s.step() * (s.steps() - s.step()) : 0;
        int width = 24;
        int filled = (int) ((long) width * s.step() / Math.max(1, s.steps()));
        out.print(line(s, width, filled, rate, eta));
        if (s.step() == s.steps()) {
            out.println();
        }
        out.flush();
    }

    static String line(StepInfo s, int width, int filled, double rate, double eta) {
        String bar = "=".repeat(filled) + " ".repeat(width - filled);
        double value = s.epochLoss() == null ? Double.NaN : s.epochLoss().getAsDouble();
        String loss = Double.isNaN(value) ? "" : String.format(Locale.ROOT, " loss %.4f", value);
        return String.format(
                Locale.ROOT, "\r%s epoch %d [%s] %d/%d%s %.0f img/s ETA %.0fs ",
                s.phase(), s.epoch(), bar, s.step(), s.steps(), loss, rate, eta);
    }
}
