package io.resgrow.core;

import ai.djl.nn.Block;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.engine.RunEvaluator;
import io.resgrow.core.history.EpochRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates the phase's forward block at every epoch's end (on the run's validation set, or the
 * phase's precomputed inputs) and adds the epoch's record to the run's history.
 */
final class EpochRecorder implements LoopHook {

    private final TrainingContext ctx;
    private final RunSettings settings;
    private final Phase phase;
    private final long parameters;
    private final long macsPerSample;
    private final List<Double> validation;

    EpochRecorder(TrainingContext ctx, Phase phase, long parameters, long macsPerSample, List<Double> validation) {
        this.ctx = ctx;
        this.settings = ctx.settings();
        this.phase = phase;
        this.parameters = parameters;
        this.macsPerSample = macsPerSample;
        this.validation = validation;
    }

    @Override
    public void afterEpoch(EpochEnd e) {
        RunEvaluator.Evaluation eval = validate(phase.forward(), e.runEpoch());
        Double val = eval == null ? null : eval.accuracy();
        validation.add(val == null ? Double.NaN : val);
        EpochRecord record = new EpochRecord(
                e.runEpoch(),
                phase.name(),
                e.trainLoss(),
                e.trainAccuracy(),
                val,
                eval == null ? null : eval.loss(),
                e.learningRate(),
                parameters,
                macsPerSample,
                ctx.flops(),
                ctx.seconds(),
                metrics(e.trainMetrics(), eval),
                phase.epochShare());
        ctx.history().add(record);
        e.record(record);
    }

    /** The forward block's validation accuracy and loss, on the run's or the phase's precomputed inputs. */
    private RunEvaluator.Evaluation validate(Block forward, int runEpoch) {
        Phase.Precomputed pre = phase.precomputed();
        BatchSource set = pre != null ? pre.validation() : settings.validation();
        if (set == null) {
            return null;
        }
        return RunEvaluator.evaluate(
                forward,
                set,
                settings.evalBatchSize(),
                settings.devices()[0],
                pre != null ? null : b -> settings.preprocess().apply(b, null),
                settings.evaluationListener("validation", phase.name(), runEpoch),
                settings.objective(),
                "validation");
    }

    /** The record's metrics: {@code train_<name>}, then {@code validation_<name>}. */
    private static Map<String, Double> metrics(Map<String, Double> train, RunEvaluator.Evaluation eval) {
        Map<String, Double> all = new LinkedHashMap<>();
        train.forEach((name, value) -> all.put("train_" + name, value));
        if (eval != null) {
            eval.metrics().forEach((name, value) -> all.put("validation_" + name, value));
        }
        return all;
    }
}
