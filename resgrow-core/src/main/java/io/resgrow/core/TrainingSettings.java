package io.resgrow.core;

import ai.djl.Device;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.metric.Objective;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.schedule.LrSchedule;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a run trains, validated: the strategy and the defaults its phases fall back to.
 *
 * @param strategy the strategy
 * @param optimizer the default optimizer
 * @param schedule the default learning rate schedule
 * @param batchSize the default batch size
 * @param seed the run seed
 * @param devices the devices (data parallel over all; parameters live on the first)
 * @param divergenceCheck read the loss on the host every this many steps to stop a diverged run
 * @param learningRateScale a factor on every phase's learning rate (1; {@link DivergenceRollback}
 *     divides it by 10 at each rollback)
 * @param objective the loss to minimise and the DJL evaluators to report
 * @param explicit which of {@code batchSize}, {@code optimizer} and {@code schedule} the user set on
 *     {@link RunBuilder} (the others hold the run's defaults; see {@link StrategySetting})
 */
public record TrainingSettings(
        TrainingStrategy strategy,
        NamedOptimizer optimizer,
        LrSchedule schedule,
        int batchSize,
        long seed,
        Device[] devices,
        int divergenceCheck,
        double learningRateScale,
        Objective objective,
        Set<RunSetting> explicit) {

    /** Validates the training settings. */
    public TrainingSettings {
        Check.notNull("strategy", strategy);
        Check.notNull("optimizer", optimizer);
        Check.notNull("schedule", schedule);
        Check.positive("batchSize", batchSize);
        if (devices == null || devices.length == 0) {
            throw new InvalidSettingException(
                    "devices", "none", "at least one device", "leave devices unset for the defaults");
        }
        if (divergenceCheck < 1) {
            throw new InvalidSettingException(
                    "divergenceCheck",
                    divergenceCheck,
                    "a step count >= 1",
                    "pass 1 to check the loss every step, or more to check less often");
        }
        Check.positive("learningRateScale", learningRateScale);
        Check.notNull("objective", objective);
        devices = devices.clone();
        explicit = explicit == null || explicit.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(RunSetting.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(explicit));
    }
}
