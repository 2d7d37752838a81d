package io.resgrow.core.stop;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import java.util.List;

/**
 * The slope criterion of Istrate et al. ("Incremental Training of Deep Convolutional Neural
 * Networks", section 3): every {@code window} epochs fit a least-squares line to the last {@code
 * window} validation accuracies and take its angle {@code a_i = atan(slope)}; stop when {@code a_i
 * <= gamma * a_(i-1)}, that is when learning has slowed to a fraction {@code gamma} of its previous
 * pace. The first decision needs two full windows.
 *
 * @param window the window size {@code ws} in epochs, >= 2
 * @param gamma the ratio threshold {@code gamma} (their experiments use values such as 0.1 to 0.5)
 */
public record SlopeCriterion(int window, double gamma) implements StoppingRule {

    /** Validates the settings. */
    public SlopeCriterion {
        if (window < 2) {
            throw new InvalidSettingException(
                    "window", window, "an integer >= 2 (a line needs two points)", "use window 2 or more");
        }
        Check.positive("gamma", gamma);
    }

    @Override
    public boolean shouldStop(PhaseProgress progress) {
        List<Double> acc = progress.validationAccuracy();
        int n = acc.size();
        if (n < 2 * window || n % window != 0) {
            return false;
        }
        double current = angle(acc.subList(n - window, n));
        double previous = angle(acc.subList(n - 2 * window, n - window));
        return current <= gamma * previous;
    }

    /**
     * Returns the angle of the least-squares line through the points {@code (i, values[i])}.
     *
     * @param values the accuracies of one window
     * @return {@code atan(slope)} in radians
     */
    public static double angle(List<Double> values) {
        int n = values.size();
        double meanX = (n - 1) / 2.0;
        double meanY = 0;
        for (double v : values) {
            meanY += v;
        }
        meanY /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - meanX) * (values.get(i) - meanY);
            sxx += (i - meanX) * (i - meanX);
        }
        return Math.atan(sxy / sxx);
    }
}
