package io.resgrow.models;

import static io.resgrow.core.testing.Rejections.reject;

import io.resgrow.core.testing.Rejections;
import io.resgrow.models.block.ResidualBlock;
import io.resgrow.models.block.Shortcut;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.models.multires.MultiResNets;
import io.resgrow.models.resnet.ResNetBuilder;
import io.resgrow.models.wrn.WideResNets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The model family's part of the catalogue of malformed configurations. */
class BadModelSettingsTest {

    @TestFactory
    Stream<DynamicTest> builders() {
        return Rejections.tests(
                reject(
                        "ResNetBuilder widths(16,32) for 3 stages",
                        () -> new ResNetBuilder().blocks(2, 2, 2).widths(16, 32).build(),
                        "widths",
                        "[16, 32]",
                        "one width per stage (3 stages)"),
                reject(
                        "ResNetBuilder blocks(2,0,2)",
                        () -> new ResNetBuilder().blocks(2, 0, 2).build(),
                        "blocks",
                        "[2, 0, 2]",
                        "at least 1 block"),
                reject(
                        "ResNetBuilder widths(16,0,64)",
                        () -> new ResNetBuilder().widths(16, 0, 64).build(),
                        "widths",
                        "0",
                        ">= 1"),
                reject("ResNetBuilder classes(0)", () -> new ResNetBuilder().classes(0), "classes", "0", ">= 1"),
                reject(
                        "ResNetBuilder inputChannels(-3)",
                        () -> new ResNetBuilder().inputChannels(-3),
                        "inputChannels",
                        "-3",
                        ">= 1"),
                reject("ResNetBuilder stemWidth(0)", () -> new ResNetBuilder().stemWidth(0), "stemWidth", "0", ">= 1"),
                reject("ResNetBuilder stepSize(0)", () -> new ResNetBuilder().stepSize(0), "stepSize", "0.0", "> 0"),
                reject(
                        "ResNetBuilder dropout(1)",
                        () -> new ResNetBuilder().dropout(1),
                        "dropout",
                        "1.0",
                        "[0.0, 1.0)"),
                reject(
                        "ResNetBuilder functionsPerBlock(0)",
                        () -> new ResNetBuilder().functionsPerBlock(0),
                        "functionsPerBlock",
                        "0",
                        ">= 1"),
                reject(
                        "ResNetBuilder shortcut(null)",
                        () -> new ResNetBuilder().shortcut(null),
                        "shortcut",
                        "null",
                        "a value"),
                reject("WideResNets.create(27, 2)", () -> WideResNets.create(27, 2, 3, 10), "depth", "27", "6n+4"),
                reject("WideResNets.create(28, 0)", () -> WideResNets.create(28, 0, 3, 10), "widen", "0", ">= 1"),
                reject(
                        "MultiResNets.create(27, 2, 1)",
                        () -> MultiResNets.create(27, 2, 1, 3, 10),
                        "depth",
                        "27",
                        "6n+2"),
                reject("MultiResNets.create(26, 0, 1)", () -> MultiResNets.create(26, 0, 1, 3, 10), "k", "0", ">= 1"),
                reject(
                        "new MonolithNet(0 branches)",
                        () -> new MonolithNet(0, 10, 1, 16, 3, 10),
                        "branches",
                        "0",
                        ">= 1"),
                reject("new MonolithNet(hidden 0)", () -> new MonolithNet(2, 10, 1, 0, 3, 10), "hidden", "0", ">= 1"),
                reject(
                        "ResidualBlock stride 3",
                        () -> new ResidualBlock(8, 8, 3, 1.0, Shortcut.PROJECTION, List.of()),
                        "stride",
                        "3",
                        "1 or 2"));
    }
}
