package io.resgrow.core;

import static io.resgrow.core.testing.Rejections.reject;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.optim.NamedAdam;
import io.resgrow.core.optim.NamedRmsProp;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.CosineRestarts;
import io.resgrow.core.schedule.CosineSteps;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.schedule.MultiStep;
import io.resgrow.core.schedule.StepDecay;
import io.resgrow.core.stop.Budget;
import io.resgrow.core.stop.SlopeCriterion;
import io.resgrow.core.stop.StoppingRule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.Rejections;
import io.resgrow.core.testing.TinyNets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The core's part of the catalogue of malformed configurations: optimizers, schedules, stopping
 * rules, phases and the run builder, each refused with the Java parameter name, the value, what is
 * valid and a fix, at the call (or at {@code build()}), before any work.
 */
class BadSettingsCatalogueTest {

    private static RunBuilder run() {
        return ResGrow.train(TinyNets.mlp(2, 2), new Shape(1, 2, 2)).on(ArraySource.blobs(8, 2, 1, 2, 0, 1));
    }

    @TestFactory
    Stream<DynamicTest> optimizers() {
        return Rejections.tests(
                reject(
                        "NamedSgd momentum(1.0)",
                        () -> NamedSgd.builder().momentum(1.0),
                        "momentum",
                        "1.0",
                        "[0.0, 1.0)"),
                reject(
                        "NamedSgd momentum(-0.1)",
                        () -> NamedSgd.builder().momentum(-0.1),
                        "momentum",
                        "-0.1",
                        "[0.0, 1.0)"),
                reject(
                        "NamedSgd weightDecay(-1e-4)",
                        () -> NamedSgd.builder().weightDecay(-1e-4),
                        "weightDecay",
                        "-1.0E-4",
                        ">= 0"),
                reject(
                        "NamedSgd weightDecay(NaN)",
                        () -> NamedSgd.builder().weightDecay(Double.NaN),
                        "weightDecay",
                        "NaN",
                        ">= 0"),
                reject("NamedAdam beta1(1)", () -> NamedAdam.builder().beta1(1), "beta1", "1.0", "[0.0, 1.0)"),
                reject("NamedAdam beta2(-0.5)", () -> NamedAdam.builder().beta2(-0.5), "beta2", "-0.5", "[0.0, 1.0)"),
                reject("NamedAdam epsilon(0)", () -> NamedAdam.builder().epsilon(0), "epsilon", "0.0", "> 0"),
                reject(
                        "NamedRmsProp alpha(1.5)",
                        () -> NamedRmsProp.builder().alpha(1.5),
                        "alpha",
                        "1.5",
                        "[0.0, 1.0)"),
                reject(
                        "NamedRmsProp epsilon(-1e-8)",
                        () -> NamedRmsProp.builder().epsilon(-1e-8),
                        "epsilon",
                        "-1.0E-8",
                        "> 0"),
                reject(
                        "NamedRmsProp momentum(1)",
                        () -> NamedRmsProp.builder().momentum(1),
                        "momentum",
                        "1.0",
                        "[0.0, 1.0)"));
    }

    @TestFactory
    Stream<DynamicTest> schedules() {
        return Rejections.tests(
                reject("LrSchedule.constant(0)", () -> LrSchedule.constant(0), "learningRate", "0.0", "> 0"),
                reject(
                        "LrSchedule.constant(Infinity)",
                        () -> LrSchedule.constant(Double.POSITIVE_INFINITY),
                        "learningRate",
                        "Infinity",
                        "finite"),
                reject(
                        "CosineRestarts etaMax 0",
                        () -> new CosineRestarts(0, 0, new int[] {4}, true),
                        "etaMax",
                        "0.0",
                        "> 0"),
                reject(
                        "CosineRestarts etaMin > etaMax",
                        () -> new CosineRestarts(0.1, 0.5, new int[] {4}, true),
                        "etaMin",
                        "0.5",
                        "etaMin <= etaMax (0.1)"),
                reject(
                        "CosineRestarts cycleEnds 4,4",
                        () -> new CosineRestarts(0.1, 0, new int[] {4, 4}, true),
                        "cycleEnds",
                        "[4, 4]",
                        "strictly increasing"),
                reject("CosineSteps steps 0", () -> new CosineSteps(0.1, 0, 0), "steps", "0", ">= 1"),
                reject(
                        "MultiStep milestones 0,5",
                        () -> new MultiStep(0.1, 0.1, new int[] {0, 5}),
                        "milestones",
                        "[0, 5]",
                        "integers >= 1"),
                reject("MultiStep factor -0.2", () -> new MultiStep(0.1, -0.2, new int[] {5}), "factor", "-0.2", "> 0"),
                reject("StepDecay every 0", () -> new StepDecay(0.1, 0.5, 0), "every", "0", ">= 1"),
                reject("StepDecay base NaN", () -> new StepDecay(Double.NaN, 0.5, 3), "base", "NaN", "> 0"));
    }

    @TestFactory
    Stream<DynamicTest> stoppingRules() {
        return Rejections.tests(
                reject("StoppingRule.epochs(0)", () -> StoppingRule.epochs(0), "epochs", "0", ">= 1"),
                reject(
                        "StoppingRule.targetAccuracy(1.5)",
                        () -> StoppingRule.targetAccuracy(1.5),
                        "targetAccuracy",
                        "1.5",
                        "[0.0, 1.0]"),
                reject("Budget.epochs(-2)", () -> Budget.epochs(-2), "maxEpochs", "-2", ">= 1"),
                reject("Budget.flops(0)", () -> Budget.flops(0), "maxFlops", "0.0", "> 0"),
                reject("Budget.seconds(NaN)", () -> Budget.seconds(Double.NaN), "maxSeconds", "NaN", "> 0"),
                reject("new SlopeCriterion(1, 0.5)", () -> new SlopeCriterion(1, 0.5), "window", "1", ">= 2"),
                reject("new SlopeCriterion(3, -1)", () -> new SlopeCriterion(3, -1), "gamma", "-1.0", "> 0"));
    }

    @TestFactory
    Stream<DynamicTest> phases() {
        return Rejections.tests(
                reject(
                        "Phase batchSize(-1)",
                        () -> Phase.builder("p", TinyNets.mlp(2, 2))
                                .batchSize(-1)
                                .epochs(1)
                                .build(),
                        "batchSize",
                        "-1",
                        ">= 1"),
                reject(
                        "Phase steps(0)",
                        () -> Phase.builder("p", TinyNets.mlp(2, 2)).steps(0),
                        "steps",
                        "0",
                        ">= 1"),
                reject(
                        "Phase without epochs, steps or stop",
                        () -> Phase.builder("p", TinyNets.mlp(2, 2)).build(),
                        "stop",
                        "null",
                        "a stopping rule"));
    }

    @TestFactory
    Stream<DynamicTest> runBuilder(@org.junit.jupiter.api.io.TempDir Path dir) {
        return Rejections.tests(
                reject("batchSize(0)", () -> run().batchSize(0).build(), "batchSize", "0", ">= 1"),
                reject("evalBatchSize(-8)", () -> run().evalBatchSize(-8), "evalBatchSize", "-8", ">= 1"),
                reject(
                        "no on(train)",
                        () -> ResGrow.train(TinyNets.mlp(2, 2), new Shape(1, 2, 2))
                                .build(),
                        "train",
                        "null",
                        "a value"),
                reject(
                        "on(empty set)",
                        () -> ResGrow.train(TinyNets.mlp(2, 2), new Shape(1, 2, 2))
                                .on(ArraySource.blobs(0, 2, 1, 2, 0, 1))
                                .build(),
                        "train",
                        "0 samples",
                        "at least one"),
                reject(
                        "resume(true) without checkpoints",
                        () -> run().resume(true).build(),
                        "resume",
                        "true",
                        "a checkpoint directory"),
                reject("divergenceCheck(0)", () -> run().divergenceCheck(0).build(), "divergenceCheck", "0", ">= 1"),
                reject(
                        "checkpointEverySteps(-1)",
                        () -> run().checkpoints(dir).checkpointEverySteps(-1).build(),
                        "checkpointEverySteps",
                        "-1",
                        ">= 0"),
                reject("keepCheckpoints(0)", () -> run().keepCheckpoints(0), "keepCheckpoints", "0", ">= 1"),
                reject("devices() with none", () -> run().devices().build(), "devices", "none", "at least one"),
                reject("strategy(null)", () -> run().strategy(null).build(), "strategy", "null", "a value"),
                reject("learningRateScale(-1)", () -> run().learningRateScale(-1), "learningRateScale", "-1.0", "> 0"),
                reject(
                        "DivergenceRollback.fit(run, 0)",
                        () -> DivergenceRollback.fit(BadSettingsCatalogueTest::run, 0),
                        "maxRollbacks",
                        "0",
                        ">= 1"),
                reject(
                        "new CheckpointStore(null, 2)",
                        () -> new CheckpointStore(null, 2),
                        "checkpointDir",
                        "null",
                        "a value"));
    }
}
