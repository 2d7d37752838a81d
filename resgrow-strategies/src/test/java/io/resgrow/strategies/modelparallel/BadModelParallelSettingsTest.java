package io.resgrow.strategies.modelparallel;

import static io.resgrow.core.testing.Rejections.reject;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.testing.Rejections;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The model-parallel wrapper's part of the catalogue of malformed configurations. */
class BadModelParallelSettingsTest {

    private static ModelParallelBranches.Builder base() {
        return ModelParallelBranches.builder().inner(PlainStrategy.epochs(1));
    }

    @TestFactory
    Stream<DynamicTest> settings() {
        return Rejections.tests(
                reject(
                        "devices(\"\")",
                        () -> base().devices("").build(),
                        "devices",
                        "\"\"",
                        "a comma-separated device list"),
                reject(
                        "devices(\"cpu,tpu0\")",
                        () -> base().devices("cpu,tpu0").build(),
                        "devices",
                        "cpu,tpu0",
                        "'tpu0' is none of them"),
                reject(
                        "groups(3) on two devices",
                        () -> base().devices("cpu,cpu").groups(3).build(),
                        "groups",
                        "3",
                        "[1, 2]"),
                reject(
                        "groups(2) on three devices",
                        () -> base().devices("cpu,cpu,cpu").groups(2).build(),
                        "groups",
                        "2",
                        "a divisor of the 3 devices"),
                reject(
                        "no inner strategy",
                        () -> ModelParallelBranches.builder().build(),
                        "inner",
                        "null",
                        "the strategy to wrap"),
                reject(
                        "devices(\"cpu,cpu,\"): a trailing comma names no device",
                        () -> base().devices("cpu,cpu,").build(),
                        "devices",
                        "cpu,cpu,",
                        "'' is none of them"),
                reject(
                        "explicit slot beyond the devices, at build()",
                        () -> base().devices("cpu,cpu").explicit(0, 2).build(),
                        "explicit",
                        "[0, 2]",
                        "device indexes in [0, 2)"),
                reject(
                        "explicit slot beyond a group's devices, at build()",
                        () -> base().devices("cpu,cpu,cpu,cpu")
                                .groups(2)
                                .explicit(0, 2)
                                .build(),
                        "explicit",
                        "[0, 2]",
                        "device indexes in [0, 2) (the devices of a group in cpu,cpu,cpu,cpu)"),
                reject("rule(null)", () -> base().rule(null).build(), "rule", "null", "a placement rule"),
                reject(
                        "explicit(0, -1): a negative index, at build()",
                        () -> base().explicit(0, -1).build(),
                        "explicit",
                        "[0, -1]",
                        "device indexes in [0, 2)"),
                reject(
                        "explicit(0, 1, 0) for blocks of two functions, at the run's build()",
                        () -> ResGrow.train(PlacedNets.multires(2), new Shape(1, 8, 8))
                                .on(PlacedNets.DATA)
                                .strategy(base().explicit(0, 1, 0).build())
                                .devices(Device.cpu())
                                .quiet()
                                .build(),
                        "explicit",
                        "[0, 1, 0]",
                        "one device index per function of a block (the network's blocks" + " have 2)"),
                reject(
                        "a home device other than the run's, at build()",
                        () -> ResGrow.train(PlacedNets.multires(2), new Shape(1, 8, 8))
                                .on(PlacedNets.DATA)
                                .strategy(base().devices("gpu0,gpu1").build())
                                .devices(Device.cpu())
                                .quiet()
                                .build(),
                        "devices",
                        "gpu0,gpu1",
                        "the run's only device"));
    }
}
