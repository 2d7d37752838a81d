package io.resgrow.core.config;

import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.Sgd;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.optim.NamedAdam;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.schedule.TrackerSchedule;
import java.lang.reflect.Field;
import java.util.Locale;

/**
 * DJL's optimizers as resgrow's, where resgrow computes the same update: DJL's {@code Sgd} becomes
 * {@link NamedSgd} in DJL's form (learning rate inside the momentum buffer) and DJL's {@code Adam}
 * becomes {@link NamedAdam} in DJL's form (epsilon outside the bias correction), each with DJL's
 * weight decay on every parameter and the optimizer's {@link Tracker} as the schedule ({@link
 * TrackerSchedule}). resgrow's optimizers keep their state by parameter name, so the run
 * checkpoints and resumes it, which DJL's own cannot.
 *
 * <p>DJL keeps these settings in private fields without getters; they are read by reflection from
 * DJL 0.35's classes. Refused, with the resgrow equivalent: other optimizers (DJL's PyTorch engine
 * runs none but Sgd, Adam and AdamW either), gradient rescaling or clipping, a begin-update count
 * other than 0, and a per-parameter tracker.
 */
public final class DjlOptimizers {

    private static final String PARAMETER = "config.getOptimizer()";

    private DjlOptimizers() {}

    /**
     * A DJL optimizer as resgrow runs it.
     *
     * @param optimizer the update rule
     * @param schedule the learning rate schedule
     */
    public record Mapped(NamedOptimizer optimizer, LrSchedule schedule) {}

    /**
     * Maps a DJL optimizer.
     *
     * @param optimizer DJL's {@code Sgd} or {@code Adam}
     * @return resgrow's rule and schedule, which update as DJL's would
     * @throws InvalidSettingException for anything else, naming what to use instead
     */
    public static Mapped map(Optimizer optimizer) {
        if (optimizer == null) {
            throw new InvalidSettingException(
                    PARAMETER, "null", "DJL's Sgd or Adam", "optOptimizer(Optimizer.sgd()...build())");
        }
        if (!(optimizer instanceof Sgd) && !(optimizer instanceof Adam)) {
            String name = optimizer.getClass().getSimpleName();
            String instead = name.toLowerCase(Locale.ROOT).contains("rms")
                    ? "NamedRmsProp.builder()...build()"
                    : "NamedSgd.builder()...build() or NamedAdam.builder()...build()";
            throw new InvalidSettingException(
                    PARAMETER,
                    optimizer.getClass().getName(),
                    "DJL's Sgd or Adam, which resgrow runs exactly (DJL's PyTorch engine implements no other)",
                    "drop optOptimizer(" + name + ") from the config and pass resgrow's " + instead
                            + " to the run's .optimizer(...), with a schedule in .schedule(...)");
        }
        float rescale = (float) read(optimizer, Optimizer.class, "rescaleGrad");
        float clip = (float) read(optimizer, Optimizer.class, "clipGrad");
        int begin = (int) read(optimizer, Optimizer.class, "beginNumUpdate");
        float decay = (float) read(optimizer, Optimizer.class, "weightDecays");
        if (rescale != 1f) {
            throw refusal("setRescaleGrad(" + rescale + ")", "rescaleGrad 1", "scale the loss, or the learning rate");
        }
        if (clip >= 0) {
            throw refusal("optClipGrad(" + clip + ")", "no gradient clipping", "drop optClipGrad");
        }
        if (begin != 0) {
            throw refusal("optBeginNumUpdate(" + begin + ")", "a begin-update count of 0", "shift the tracker instead");
        }
        Object tracker = read(optimizer, optimizer.getClass(), "learningRateTracker");
        if (!(tracker instanceof Tracker t)) {
            throw refusal(
                    "a " + ((ParameterTracker) tracker).getClass().getSimpleName() + " (per-parameter)",
                    "a Tracker, the same rate for every parameter",
                    "use a Tracker (Tracker.fixed, factor, multiFactor, cosine, warmUp...)");
        }
        NamedOptimizer rule;
        if (optimizer instanceof Sgd) {
            float momentum = (float) read(optimizer, Sgd.class, "momentum");
            rule = NamedSgd.builder()
                    .momentum(momentum)
                    .weightDecay(decay)
                    .djlForm(true)
                    .build();
        } else {
            rule = NamedAdam.builder()
                    .beta1((float) read(optimizer, Adam.class, "beta1"))
                    .beta2((float) read(optimizer, Adam.class, "beta2"))
                    .epsilon((float) read(optimizer, Adam.class, "epsilon"))
                    .weightDecay(decay)
                    .djlForm(true)
                    .build();
        }
        return new Mapped(rule, new TrackerSchedule(t));
    }

    private static InvalidSettingException refusal(String value, String expected, String fix) {
        return new InvalidSettingException(PARAMETER, value, expected, fix);
    }

    private static Object read(Object target, Class<?> owner, String field) {
        try {
            Field f = owner.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read " + owner.getSimpleName() + "." + field + " from DJL (written for DJL 0.35): " + e
                            + "; pass resgrow's NamedSgd or NamedAdam to .optimizer(...) instead",
                    e);
        }
    }
}
