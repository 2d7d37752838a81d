package io.resgrow.core;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.checkpoint.Checkpointing;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.data.RunData;
import io.resgrow.core.engine.Devices;
import io.resgrow.core.listen.LoggingListener;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.listen.RunListeners;
import io.resgrow.core.metric.Objective;
import io.resgrow.core.network.SavedNetwork;
import io.resgrow.core.optim.NamedOptimizer;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** What {@link RunBuilder} collects, and how it becomes validated {@link RunSettings}. */
final class RunDraft {
    final Block network;
    Shape inputShape;
    Model model;
    /** The optimizer came from a DJL config; DJL's default one (Adam, nobody's choice) if the second is set. */
    boolean optimizerFromConfig;

    boolean configDefaultOptimizer;
    List<Pair<Initializer, Predicate<Parameter>>> initializers = List.of();
    BatchSource train;
    BatchSource validation;
    BatchSource test;
    TrainingStrategy strategy = PlainStrategy.epochs(1);
    NamedOptimizer optimizer;
    LrSchedule schedule = LrSchedule.constant(0.05);
    int batchSize = 128;
    /** Batch size and schedule set by the user; the optimizer counts as set when it is not null. */
    final Set<RunSetting> explicit = EnumSet.noneOf(RunSetting.class);

    Loss loss;
    final List<Evaluator> evaluators = new ArrayList<>();
    int evalBatchSize;
    BatchTransform preprocess;
    BatchTransform augment;
    long seed = 42;
    Device[] devices;
    final List<RunListener> listeners = new ArrayList<>();
    boolean defaultListeners = true;
    Path checkpointDir;
    int checkpointEverySteps;
    boolean resume;
    boolean resumeWithChanges;
    int keepCheckpoints = 2;
    int divergenceCheck = 10;
    double learningRateScale = 1;
    Path reportDir;
    Path saveDir;
    final Map<String, String> provenance = new LinkedHashMap<>();
    final Map<String, String> compared = new LinkedHashMap<>();

    RunDraft(Block network, Shape inputShape) {
        this.network = network;
        this.inputShape = inputShape;
    }

    /** Validates everything, the strategy's view of the network and settings included, before any work. */
    RunSettings settings() {
        if (configDefaultOptimizer && !strategy.runSettings().contains(RunSetting.OPTIMIZER)) {
            // DJL's config always holds an optimizer; its default is nobody's choice: the strategy's own trains
            provenance.put(
                    "config optimizer",
                    "DJL's default Adam left aside: " + strategy.describe() + " sets its own optimizer");
            optimizer = null;
            schedule = LrSchedule.constant(0.05);
            explicit.remove(RunSetting.SCHEDULE);
        }
        try {
            return validated();
        } catch (InvalidSettingException e) {
            if (optimizerFromConfig && optimizer != null && "optimizer".equals(e.parameter())) {
                throw e.as("config.getOptimizer()");
            }
            throw e;
        }
    }

    private RunSettings validated() {
        if (inputShape == null) {
            inputShape = sampleShapeOf(network, train);
        }
        Device[] effective = devices == null ? Devices.defaults() : devices;
        if (model != null && !model.getNDManager().getDevice().equals(effective[0])) {
            throw new InvalidSettingException(
                    "devices",
                    List.of(effective),
                    "the model's device first (" + model.getNDManager().getDevice()
                            + "): the model's parameters live there",
                    "create the model on " + effective[0] + " with Model.newInstance(name, device), or list "
                            + model.getNDManager().getDevice() + " first");
        }
        List<RunListener> all = new ArrayList<>();
        if (defaultListeners) {
            all.add(new LoggingListener());
        }
        all.addAll(listeners);
        NamedOptimizer opt = optimizer != null
                ? optimizer
                : NamedSgd.builder()
                        .momentum(0.9)
                        .weightDecay(5e-4)
                        .decayOnlyWeights(true)
                        .build();
        Set<RunSetting> set = EnumSet.noneOf(RunSetting.class);
        set.addAll(explicit);
        if (optimizer != null) {
            set.add(RunSetting.OPTIMIZER);
        }
        // the training part first: a batch size of 0 is reported as itself, not as the evaluation's
        TrainingSettings training = new TrainingSettings(
                strategy,
                opt,
                schedule,
                batchSize,
                seed,
                devices == null ? Devices.defaults() : devices,
                divergenceCheck,
                learningRateScale,
                loss == null && evaluators.isEmpty()
                        ? Objective.classification()
                        : Objective.of(loss == null ? Loss.softmaxCrossEntropyLoss() : loss, evaluators),
                set);
        RunData data = new RunData(
                train,
                validation,
                test,
                inputShape,
                preprocess,
                augment,
                evalBatchSize > 0 ? evalBatchSize : batchSize);
        Checkpointing checkpointing = new Checkpointing(
                checkpointDir == null ? null : new CheckpointStore(checkpointDir, keepCheckpoints),
                checkpointEverySteps,
                resume,
                resumeWithChanges);
        RunSettings settings = new RunSettings(data, training, checkpointing, new RunListeners(all));
        settings.strategy().checkNetwork(network);
        settings.strategy().checkSettings(settings);
        if (saveDir != null) {
            SavedNetwork.architectureOf(network);
        }
        return settings;
    }

    /** One sample's shape: the initialised network's input without the batch, or the first training sample's. */
    private static Shape sampleShapeOf(Block network, BatchSource train) {
        if (network.isInitialized() && network.getInputShapes() != null && network.getInputShapes().length > 0) {
            return network.getInputShapes()[0].slice(1);
        }
        if (train == null || train.count() == 0) {
            throw new InvalidSettingException(
                    "on(train)",
                    train == null ? "none" : "0 samples",
                    "training data, from whose first sample a model's input shape is read",
                    "pass training data with on(...) before build() or fit()");
        }
        HostBatch first = train.batch(new int[] {0});
        return new Shape(first.channels(), first.height(), first.width());
    }
}
