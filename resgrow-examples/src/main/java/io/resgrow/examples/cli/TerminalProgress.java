package io.resgrow.examples.cli;

import io.resgrow.core.listen.RunListener;
import io.resgrow.datasets.LoadProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The command line's one-line progress display on standard error: training steps (phase, epoch,
 * step, loss, images/s, time left), validation and test passes (images done of total, images/s,
 * time left) and dataset files being read (kB or MB done of total, time left). It redraws at most every
 * 200 ms and ends a line when a task completes. It stays quiet with {@code --quiet} and when
 * standard output or standard error is not a terminal (a log file, a pipe, CI).
 */
public final class TerminalProgress implements RunListener, LoadProgress {

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 24;
    /** The terminal's "erase to the end of the line" (ANSI). */
    private static final String ERASE_TO_END = "\033[K";

    private final PrintStream out;
    private final boolean enabled;
    private long lastDraw;
    private long epochNanos;
    private int epochSamples;
    private String file;
    private long fileStart;

    /**
     * Draws on a stream.
     *
     * @param out where to draw
     * @param enabled whether to draw at all
     */
    public TerminalProgress(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /**
     * Returns the display for this process: on standard error, enabled unless quiet or an output
     * is not a terminal.
     *
     * @param quiet whether the user asked for quiet output
     * @return the display
     */
    public static TerminalProgress forThisProcess(boolean quiet) {
        return new TerminalProgress(
                System.err, !quiet && onTerminal(System.console() != null, Path.of("/proc/self/fd/2")));
    }

    /**
     * Whether to draw: the JVM's console exists (standard input and output are terminals) and
     * standard error, where the bar goes, is one too (read from its link under /proc where there is
     * one).
     *
     * @param console whether {@link System#console()} is not null
     * @param stderrLink the link of file descriptor 2
     * @return true to draw
     */
    static boolean onTerminal(boolean console, Path stderrLink) {
        if (!console) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(stderrLink).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return true; // no /proc: trust the console
        }
    }

    /**
     * Returns whether it draws.
     *
     * @return true if enabled
     */
    public boolean enabled() {
        return enabled;
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
        if (due(s.step() == s.steps())) {
            double value = s.epochLoss() == null ? Double.NaN : s.epochLoss().getAsDouble();
            String loss = Double.isNaN(value) ? "" : String.format(Locale.ROOT, " loss %.4f", value);
            draw(
                    s.phase() + " epoch " + s.epoch(),
                    s.step(),
                    s.steps(),
                    s.step() + "/" + s.steps() + loss,
                    epochNanos,
                    epochSamples,
                    "img/s");
        }
    }

    @Override
    public void onEvaluation(EvaluationInfo e) {
        if (enabled && due(e.done() == e.total())) {
            String what = e.set().equals("test") ? "test" : e.set() + " epoch " + e.epoch();
            draw(what, e.done(), e.total(), e.done() + "/" + e.total() + " img", e.nanos(), e.done(), "img/s");
        }
    }

    @Override
    public void read(String name, long done, long total) {
        if (!enabled) {
            return;
        }
        if (!name.equals(file) || done == 0) {
            file = name;
            fileStart = System.nanoTime();
        }
        if (due(done == total)) {
            boolean small = total < 1_000_000;
            double unit = small ? 1e3 : 1e6;
            draw(
                    "loading " + name,
                    done,
                    total,
                    String.format(Locale.ROOT, small ? "%.0f/%.0f kB" : "%.1f/%.1f MB", done / unit, total / unit),
                    System.nanoTime() - fileStart,
                    done / unit,
                    small ? "kB/s" : "MB/s");
        }
    }

    /** Whether to draw now: at a task's end, else at most every 200 ms. */
    private boolean due(boolean last) {
        long now = System.nanoTime();
        if (!last && now - lastDraw < REDRAW_NANOS) {
            return false;
        }
        lastDraw = now;
        return true;
    }

    private void draw(String what, long done, long total, String counts, long nanos, double amount, String unit) {
        // erase what a longer earlier drawing left to the right of this one
        out.print(line(what, done, total, counts, nanos, amount, unit) + ERASE_TO_END);
        if (done >= total) {
            out.println();
        }
        out.flush();
    }

    /**
     * One drawing of the bar.
     *
     * @param what the task, e.g. {@code plain epoch 2}
     * @param done units done
     * @param total units in the task
     * @param counts how the counts read, e.g. {@code 3/10 loss 0.2500}
     * @param nanos the task's time so far
     * @param amount what {@code unit} counts, done so far
     * @param unit the rate's unit, e.g. {@code img/s}
     * @return the line, starting with a carriage return
     */
    static String line(String what, long done, long total, String counts, long nanos, double amount, String unit) {
        int filled = (int) (WIDTH * Math.min(done, total) / Math.max(1, total));
        double seconds = nanos / 1e9;
        double rate = seconds > 0 ? amount / seconds : 0;
        double left = done > 0 ? seconds / done * (total - done) : 0;
        return String.format(
                Locale.ROOT,
                "\r%s [%s%s] %s %.0f %s, %.0fs left ",
                what,
                "=".repeat(filled),
                " ".repeat(WIDTH - filled),
                counts,
                rate,
                unit,
                left);
    }
}
