package io.resgrow.strategies.multilevel;

import static io.resgrow.core.testing.Rejections.reject;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.ResGrow;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.Rejections;
import io.resgrow.core.testing.TinyNets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Multi-level interpolation's part of the catalogue of malformed configurations. */
class BadMultiLevelSettingsTest {

    @TestFactory
    Stream<DynamicTest> settings() {
        return Rejections.tests(
                reject(
                        "cycleLengths()",
                        () -> MultiLevelInterpolation.builder().cycleLengths(),
                        "cycleLengths",
                        "[]",
                        "at least one cycle"),
                reject(
                        "cycleLengths(4, 0, 4)",
                        () -> MultiLevelInterpolation.builder().cycleLengths(4, 0, 4),
                        "cycleLengths",
                        "0",
                        ">= 1"),
                reject(
                        "cycleEnds(60, 50)",
                        () -> MultiLevelInterpolation.builder().cycleEnds(60, 50),
                        "cycleEnds",
                        "[60, 50]",
                        "strictly increasing"),
                reject(
                        "cycleEndSteps(500, 500)",
                        () -> MultiLevelInterpolation.builder().cycleEndSteps(500, 500),
                        "cycleEndSteps",
                        "[500, 500]",
                        "strictly increasing"),
                reject(
                        "cycleEndSteps()",
                        () -> MultiLevelInterpolation.builder().cycleEndSteps(),
                        "cycleEndSteps",
                        "[]",
                        "at least one cycle"),
                reject(
                        "cycleStepLengths(-5)",
                        () -> MultiLevelInterpolation.builder().cycleStepLengths(-5),
                        "cycleStepLengths",
                        "-5",
                        ">= 1"),
                reject(
                        "eta(0.1, 0.2)",
                        () -> MultiLevelInterpolation.builder().eta(0.1, 0.2),
                        "etaMin",
                        "0.2",
                        "etaMin <= etaMax (0.1)"),
                reject("eta(-0.5, 0)", () -> MultiLevelInterpolation.builder().eta(-0.5, 0), "etaMax", "-0.5", "> 0"),
                reject(
                        "momentum(1.2)",
                        () -> MultiLevelInterpolation.builder().momentum(1.2),
                        "momentum",
                        "1.2",
                        "[0.0, 1.0)"),
                reject(
                        "weightDecay(-2e-4)",
                        () -> MultiLevelInterpolation.builder().weightDecay(-2e-4),
                        "weightDecay",
                        "-2.0E-4",
                        ">= 0"),
                reject("batchSize(0)", () -> MultiLevelInterpolation.builder().batchSize(0), "batchSize", "0", ">= 1"),
                reject(
                        "a network that cannot interpolate, at build()",
                        () -> ResGrow.train(TinyNets.mlp(2, 2), new Shape(1, 2, 2))
                                .on(ArraySource.blobs(8, 2, 1, 2, 0, 1))
                                .strategy(MultiLevelInterpolation.builder()
                                        .cycleLengths(1, 1)
                                        .build())
                                .build(),
                        "network",
                        "SequentialBlock",
                        "implements Interpolatable"));
    }
}
