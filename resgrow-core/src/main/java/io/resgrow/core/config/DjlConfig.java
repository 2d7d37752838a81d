package io.resgrow.core.config;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.training.TrainingConfig;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.schedule.LrSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a run takes from a DJL {@link TrainingConfig}, read before any work.
 *
 * <ul>
 *   <li>the loss and the evaluators, as they are;
 *   <li>the devices;
 *   <li>the initializers, applied to the network before it is initialised (only a network that is
 *       not initialised yet uses them);
 *   <li>the optimizer, when resgrow runs it exactly ({@link DjlOptimizers}): DJL's {@code Sgd} and
 *       {@code Adam}, their learning rate {@code Tracker} becoming the run's schedule; any other is
 *       refused with the resgrow equivalent to use;
 *   <li>the training listeners DJL's {@code TrainingListener.Defaults} hold (logging, epoch,
 *       evaluator, time, memory, divergence check), whose work resgrow's own run does (its logging
 *       listener, epoch records, divergence check): they are accepted and not called; any other
 *       listener is refused, naming it and what to use instead.
 * </ul>
 *
 * <p>The executor service is not used: resgrow's data-parallel steps run on the calling thread.
 *
 * @param loss the loss
 * @param evaluators the evaluators
 * @param devices the devices
 * @param initializers initializer and which parameters it applies to, in the config's order
 * @param optimizer the optimizer
 * @param schedule the optimizer's learning rate schedule
 */
public record DjlConfig(
        Loss loss,
        List<Evaluator> evaluators,
        Device[] devices,
        List<Pair<Initializer, Predicate<Parameter>>> initializers,
        NamedOptimizer optimizer,
        LrSchedule schedule) {

    /** DJL listeners whose work a resgrow run does itself, by simple class name. */
    private static final Set<String> STOOD_IN_FOR = Set.of(
            "LoggingTrainingListener",
            "EpochTrainingListener",
            "EvaluatorTrainingListener",
            "TimeMeasureTrainingListener",
            "MemoryTrainingListener",
            "DivergenceCheckTrainingListener");

    /**
     * Tells whether the optimizer is DJL's default one ({@code DefaultTrainingConfig} always holds an
     * optimizer: Adam at 0.001 unless {@code optOptimizer} chose another), which a strategy with
     * optimizers of its own may leave aside.
     *
     * @return true for DJL's default Adam
     */
    public boolean defaultOptimizer() {
        DjlOptimizers.Mapped djlDefault = DjlOptimizers.map(Adam.builder().build());
        return optimizer.toString().equals(djlDefault.optimizer().toString())
                && schedule.toString().equals(djlDefault.schedule().toString());
    }

    /** Copies the lists and the devices. */
    public DjlConfig {
        evaluators = List.copyOf(evaluators);
        initializers = List.copyOf(initializers);
        devices = devices.clone();
    }

    /**
     * Reads a config, refusing what a run cannot honour.
     *
     * @param config the config, e.g. a {@code DefaultTrainingConfig}
     * @return what the run takes from it
     * @throws InvalidSettingException for an optimizer or a listener resgrow cannot run, naming it and
     *     what to use instead
     */
    public static DjlConfig read(TrainingConfig config) {
        Check.notNull("config", config);
        Loss loss = config.getLossFunction();
        if (loss == null) {
            throw new InvalidSettingException(
                    "config.getLossFunction()",
                    "null",
                    "a DJL Loss",
                    "new DefaultTrainingConfig(Loss.l2Loss()) or another loss");
        }
        for (TrainingListener l : config.getTrainingListeners()) {
            refuseListener(l);
        }
        Optimizer optimizer = config.getOptimizer();
        DjlOptimizers.Mapped mapped = DjlOptimizers.map(optimizer);
        List<Pair<Initializer, Predicate<Parameter>>> inits = new ArrayList<>();
        PairList<Initializer, Predicate<Parameter>> given = config.getInitializers();
        if (given != null) {
            given.forEach(inits::add);
        }
        Device[] devices = config.getDevices();
        if (devices == null || devices.length == 0) {
            throw new InvalidSettingException(
                    "config.getDevices()", "none", "at least one device", "leave optDevices unset for the defaults");
        }
        return new DjlConfig(loss, config.getEvaluators(), devices, inits, mapped.optimizer(), mapped.schedule());
    }

    private static void refuseListener(TrainingListener listener) {
        String name = listener.getClass().getSimpleName();
        if (STOOD_IN_FOR.contains(name) && listener.getClass().getName().startsWith("ai.djl.training.listener.")) {
            return;
        }
        String instead = name.equals("SaveModelTrainingListener")
                ? "the run's .checkpoints(dir) (resumable, atomic) or .save(dir), or DJL's model.save after fit()"
                : "a RunListener (onStep, onEpoch, onEvent, onEnd) added with .listener(...) on the run's builder";
        throw new InvalidSettingException(
                "config.getTrainingListeners()",
                listener.getClass().getName(),
                "DJL's own logging, epoch, evaluator, time, memory and divergence-check listeners (the run does their"
                        + " work itself); a DJL TrainingListener is called by DJL's Trainer, which a resgrow run does"
                        + " not use",
                "remove " + name + " from the config and use " + instead);
    }
}
