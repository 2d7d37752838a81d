package io.resgrow.models.vgg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.freeze.FreezableBlock;
import io.resgrow.core.freeze.Freezer;
import io.resgrow.core.network.Architecture;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.models.Nets;
import io.resgrow.models.block.FastBatchNorm;
import io.resgrow.models.block.Stage;
import io.resgrow.models.describe.Describer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class VggBuilderTest {

    private static final Shape CIFAR = new Shape(3, 32, 32);

    /** A VGG-16 small enough to run quickly: widths 8, 16, 32, 64, 64 and FC 32, 32. */
    private static Vgg tiny() {
        return new VggBuilder().depth(16).widthScale(0.125).fcWidths(32, 32).build();
    }

    private static List<Block> children(Block part) {
        return ((FreezableBlock) part).inner().getChildren().values();
    }

    private static long countOf(Block part, Class<?> type) {
        return children(part).stream().filter(type::isInstance).count();
    }

    private static Block chain(List<Block> groups, Block classifier) {
        SequentialBlock chain = new SequentialBlock();
        groups.forEach(chain::add);
        return chain.add(classifier);
    }

    private static void assertClassScores(NDArray out, int batch) {
        assertEquals(new Shape(batch, 10), out.getShape());
        assertTrue(Float.isFinite(out.abs().sum().getFloat()), "finite scores");
    }

    @Test
    void vgg16OnCifarHasTheHandCountedParametersAndMacs() {
        // Parameters, conv 3*3*cin*cout + cout bias; MACs 3*3*cin*cout*H*W at the conv's resolution.
        //                parameters                                   MACs
        // group 1 (32x32): 3->64 1,792 + 64->64 36,928 = 38,720           1,769,472 + 37,748,736 = 39,518,208
        // group 2 (16x16): 64->128 73,856 + 128->128 147,584 = 221,440    18,874,368 + 37,748,736 = 56,623,104
        // group 3 (8x8): 128->256 295,168 + 2 x 590,080 = 1,475,328       18,874,368 + 2 x 37,748,736 = 94,371,840
        // group 4 (4x4): 256->512 1,180,160 + 2 x 2,359,808 = 5,899,776   18,874,368 + 2 x 37,748,736 = 94,371,840
        // group 5 (2x2): 3 x 512->512 2,359,808 = 7,079,424               3 x 9,437,184 = 28,311,552
        // conv features: 14,714,688 parameters, 313,196,544 MACs; five pools leave 512x1x1.
        // classifier: 512*4096+4096 = 2,101,248; 4096*4096+4096 = 16,781,312; 4096*10+10 = 40,970
        //   = 18,923,530 parameters; MACs 2,097,152 + 16,777,216 + 40,960 = 18,915,328.
        // total: 33,638,218 parameters, 332,111,872 MACs (max-pools, ReLU, dropout count 0 MACs).
        Vgg net = new VggBuilder()
                .depth(16)
                .batchNorm(false)
                .fcWidths(4096, 4096)
                .classes(10)
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            List<Describer.Row> rows = Describer.describe(net, CIFAR, m);
            assertEquals(
                    List.of(
                            "group 1 (2 convs)",
                            "group 2 (2 convs)",
                            "group 3 (3 convs)",
                            "group 4 (3 convs)",
                            "group 5 (3 convs)",
                            "classifier"),
                    rows.stream().map(Describer.Row::part).toList());
            assertEquals(
                    List.of(38_720L, 221_440L, 1_475_328L, 5_899_776L, 7_079_424L, 18_923_530L),
                    rows.stream().map(Describer.Row::parameters).toList());
            assertEquals(new Shape(512, 1, 1), rows.get(4).output());
            assertEquals(33_638_218, ParameterCount.learnable(net));
            assertEquals(33_638_218, Nets.allocated(net));
            String table = Describer.table(rows);
            assertTrue(table.endsWith("params=33638218 macs=332111872"), table);
        }
    }

    @Test
    void vgg11WithBatchNormHasTheHandCountedParameters() {
        // VGG-11 (A): 3->64 | 64->128 | 128->256, 256->256 | 256->512, 512->512 | 512->512, 512->512
        // convs: 1,792 + 73,856 + 295,168 + 590,080 + 1,180,160 + 3 x 2,359,808 = 9,220,480
        // BatchNorm after each conv: gamma and beta per channel, 2 x (64 + 128 + 2*256 + 4*512)
        //   = 2 x 2,752 = 5,504 learnable. Its running mean and variance (another 5,504 values) are
        //   in DJL's getParameters() but ParameterCount.learnable leaves them out, as PyTorch's
        //   parameters() does; Nets.allocated leaves them out too.
        // classifier, 100 classes, FC 512, 512: 512*512+512 = 262,656 twice, 512*100+100 = 51,300
        //   = 576,612.
        // total 9,220,480 + 5,504 + 576,612 = 9,802,596 learnable.
        Vgg net = new VggBuilder()
                .depth(11)
                .batchNorm(true)
                .fcWidths(512, 512)
                .classes(100)
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(9_802_596, Nets.init(net, m, new Shape(1, 3, 32, 32)));
            assertEquals(9_802_596, Nets.allocated(net));
            long all = net.getParameters().values().stream()
                    .mapToLong(p -> p.getArray().size())
                    .sum();
            assertEquals(9_802_596 + 5_504, all);
        }
    }

    @Test
    void everyDepthHasFiveGroupsWithThePapersConvolutions() {
        int[][] expected = {{1, 1, 2, 2, 2}, {2, 2, 2, 2, 2}, {2, 2, 3, 3, 3}, {2, 2, 4, 4, 4}};
        int[] depths = {11, 13, 16, 19};
        for (int d = 0; d < depths.length; d++) {
            Vgg net = new VggBuilder().depth(depths[d]).batchNorm(true).build();
            assertEquals(5, net.subNetworks().size());
            assertArrayEquals(expected[d], net.convsPerGroup());
            for (int g = 0; g < 5; g++) {
                Block group = net.subNetworks().get(g);
                assertEquals(expected[d][g], countOf(group, Conv2d.class), "depth " + depths[d] + " group " + g);
                assertEquals(expected[d][g], countOf(group, FastBatchNorm.class));
                assertInstanceOf(FastBatchNorm.class, children(group).get(1), "BatchNorm right after the conv");
            }
            assertEquals(depths[d], Arrays.stream(net.convsPerGroup()).sum() + 3, "convs + 3 FC");
        }
        assertArrayEquals(
                new int[] {64, 128, 256, 512, 512}, new VggBuilder().build().groupWidths());
        assertArrayEquals(
                new int[] {16, 32, 64, 128, 128},
                new VggBuilder().widthScale(0.25).build().groupWidths());
        assertArrayEquals(
                new int[] {4, 4, 8, 8, 16},
                new VggBuilder().widths(4, 4, 8, 8, 16).build().groupWidths());
    }

    @Test
    void classifierHasTheFullyConnectedLayoutAndDropout() {
        Block fc = new VggBuilder().build().classifier();
        assertEquals(3, countOf(fc, Linear.class));
        assertEquals(2, countOf(fc, Dropout.class));
        assertEquals(0, countOf(new VggBuilder().dropout(0).build().classifier(), Dropout.class));
        Block direct = new VggBuilder().fcWidths().build().classifier();
        assertEquals(1, countOf(direct, Linear.class));
        assertEquals(0, countOf(direct, Dropout.class));
    }

    @Test
    void forwardGivesFiniteClassScoresAndEqualsGroupsThenClassifier() {
        Vgg net = tiny();
        try (NDManager m = NDManager.newBaseManager()) {
            Nets.init(net, m, new Shape(4, 3, 32, 32));
            NDArray x = m.randomNormal(new Shape(4, 3, 32, 32));
            NDArray out = Nets.infer(net, m, x);
            assertClassScores(out, 4);
            Block chain = chain(net.subNetworks(), net.classifier());
            assertArrayEquals(out.toFloatArray(), Nets.infer(chain, m, x).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void classifierForFitsAPartialNetworkOfEveryLength() {
        Vgg net = tiny();
        try (NDManager m = NDManager.newBaseManager()) {
            Nets.init(net, m, new Shape(3, 3, 32, 32));
            NDArray x = m.randomNormal(new Shape(3, 3, 32, 32));
            for (int k = 1; k <= 5; k++) {
                Shape f = net.featureShape(k, CIFAR);
                assertEquals(new Shape(net.groupWidths()[k - 1], 32 >> k, 32 >> k), f);
                Block head = net.classifierFor(f.get(0), f.get(1), f.get(2));
                assertTrue(!head.isInitialized() && head != net.classifier());
                head.initialize(m, DataType.FLOAT32, new Shape(3).addAll(f));
                // FC 32, 32 and 10 classes after c*h*w features
                assertEquals(f.size() * 32 + 32 + 32 * 32 + 32 + 32 * 10 + 10, ParameterCount.learnable(head));
                assertClassScores(Nets.infer(chain(net.subNetworks().subList(0, k), head), m, x), 3);
            }
            assertEquals(new Shape(64, 1, 2), net.featureShape(5, new Shape(3, 40, 64)));
        }
    }

    @Test
    void paddingGivesA28x28InputThe32x32NetworkOnZeroPaddedImages() {
        // the oracle: the unpadded network, same weights, on the images with 2 zeros written around them
        VggBuilder b = new VggBuilder()
                .depth(11)
                .widthScale(0.125)
                .fcWidths(16)
                .dropout(0)
                .inputChannels(1);
        Vgg padded = b.padding(2).build();
        Vgg plain = b.padding(0).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Nets.init(padded, m, new Shape(2, 1, 28, 28));
            Nets.init(plain, m, new Shape(2, 1, 32, 32));
            assertEquals(ParameterCount.learnable(plain), ParameterCount.learnable(padded));
            Stage.copyParameters(padded, plain);
            NDArray x = m.randomNormal(new Shape(2, 1, 28, 28));
            NDArray framed = m.zeros(new Shape(2, 1, 32, 32));
            framed.set(new NDIndex(":, :, 2:30, 2:30"), x);
            NDArray ours = Nets.infer(padded, m, x);
            NDArray expected = Nets.infer(plain, m, framed);
            assertEquals(new Shape(2, 10), ours.getShape());
            assertTrue(ours.sub(expected).abs().max().getFloat() < 1e-5f, ours + " vs " + expected);
            assertEquals(new Shape(16, 8, 8), padded.featureShape(2, new Shape(1, 28, 28)));
            // padding 1 is two pixels short on 28x28, and names the padding that fits
            Vgg short1 = b.padding(1).build();
            assertRefused(
                    "Received: inputShape=1x28x28. Expected: channels x height x width with height and width >= 30,"
                            + " with padding 1 a side",
                    () -> Nets.init(short1, m, new Shape(1, 1, 28, 28)));
            assertRefused("build with padding(2)", () -> Nets.init(plain, m, new Shape(1, 1, 28, 28)));
        }
    }

    @Test
    void paddingIsPartOfTheDescriptionAndOlderDescriptionsHaveNone() {
        VggBuilder b = new VggBuilder().widthScale(0.25).padding(3);
        assertEquals(3, VggBuilder.from(b.architecture()).config().padding());
        Architecture saved = new VggBuilder().architecture();
        LinkedHashMap<String, Object> old = new LinkedHashMap<>(saved.settings());
        old.remove("padding");
        assertEquals(
                0, VggBuilder.from(new Architecture("vgg", 0, old)).config().padding());
        assertRefused(
                "Received: padding=-1.", () -> new VggBuilder().padding(-1).build());
    }

    @Test
    void weightsStartHeNormalAndBiasesZero() {
        // DJL's default weight initializer: N(0, 2 / fan_in), fan_in = 3*3*cin
        Vgg net = new VggBuilder().widthScale(0.5).fcWidths(16).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Nets.init(net, m, new Shape(1, 3, 32, 32));
            Block conv = children(net.subNetworks().get(1)).get(0); // 32 -> 64 channels
            NDArray w = conv.getParameters().get("weight").getArray();
            double expected = Math.sqrt(2.0 / (9 * 32));
            double std = Math.sqrt(w.pow(2).mean().getFloat());
            assertEquals(expected, std, 0.05 * expected);
            assertEquals(
                    0, conv.getParameters().get("bias").getArray().abs().sum().getFloat());
        }
    }

    @Test
    void trainsWithTheEngineAndAFrozenGroupPassesTheFreezeCheck() {
        // VGG-11-BN with widths 8, 16, 32, 64, 64 and FC 16 on 1x32x32 blobs of 4 classes, 96 steps
        // (seeded: measured here, train loss 1.38 -> 0.04, train accuracy 0.99, test accuracy 0.83)
        Vgg net = new VggBuilder()
                .depth(11)
                .batchNorm(true)
                .widthScale(0.125)
                .fcWidths(16)
                .dropout(0)
                .inputChannels(1)
                .classes(4)
                .build();
        var report = ResGrow.train(net, new Shape(1, 32, 32))
                .on(ArraySource.blobs(400, 4, 1, 32, 2.0, 21))
                .test(ArraySource.blobs(200, 4, 1, 32, 2.0, 22))
                .strategy(PlainStrategy.epochs(6))
                .optimizer(NamedSgd.builder().build())
                .schedule(LrSchedule.constant(0.02))
                .batchSize(25)
                .devices(Device.cpu())
                .quiet()
                .fit();
        double first = report.epochs().get(0).trainLoss();
        double last = report.epochs().get(5).trainLoss();
        assertTrue(last < first / 4 && report.testAccuracy() > 0.6, report.toString());
        Freezer.freeze(net.subNetworks().get(0));
        Freezer.refresh(net);
        assertTrue(((FreezableBlock) net.subNetworks().get(0)).isFrozen());
        Freezer.verify(net);
        assertEquals(
                ParameterCount.learnable(net)
                        - ParameterCount.learnable(net.subNetworks().get(0)),
                ParameterCount.trainable(net));
    }

    private static void assertRefused(String text, Supplier<?> build) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, build::get);
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void badSettingsAreTypedErrorsNamingTheParameterValueAndRule() {
        assertRefused(
                "Received: depth=15. Expected: one of 11, 13, 16, 19",
                () -> new VggBuilder().depth(15).build());
        assertRefused(
                "Received: classes=0. Expected: an integer >= 1",
                () -> new VggBuilder().classes(0).build());
        assertRefused(
                "Received: inputChannels=0.",
                () -> new VggBuilder().inputChannels(0).build());
        assertRefused(
                "Received: fcWidths=[4096, -1]. Expected: integers >= 1",
                () -> new VggBuilder().fcWidths(4096, -1).build());
        assertRefused(
                "Received: dropout=1.5. Expected: a number in [0.0, 1.0)",
                () -> new VggBuilder().dropout(1.5).build());
        assertRefused(
                "Received: widths=[64, 128]. Expected: 5 integers >= 1",
                () -> new VggBuilder().widths(64, 128).build());
        assertRefused(
                "Received: widthScale=0.0.",
                () -> new VggBuilder().widthScale(0).build());
        Vgg net = tiny();
        try (NDManager m = NDManager.newBaseManager()) {
            assertRefused(
                    "Received: inputShape=3x16x16. Expected: channels x height x width with height and"
                            + " width >= 32",
                    () -> Nets.init(net, m, new Shape(1, 3, 16, 16)));
            assertRefused(
                    "Received: inputChannels=3. Expected: the channels of the input, 1",
                    () -> Nets.init(net, m, new Shape(1, 1, 32, 32)));
        }
        assertRefused("Received: featureShape=0x1x1.", () -> net.classifierFor(0, 1, 1));
        assertRefused("Received: k=6.", () -> net.featureShape(6, CIFAR));
    }
}
