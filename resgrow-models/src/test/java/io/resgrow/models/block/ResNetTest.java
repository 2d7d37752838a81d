package io.resgrow.models.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.models.Nets;
import io.resgrow.models.head.ProxyHead;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ResNetTest {

    @Test
    void subNetworksThenClassifierAreTheWholeNetwork() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = new ResNetBuilder()
                    .blocks(1, 1, 1)
                    .widths(4, 8, 8)
                    .inputChannels(1)
                    .classes(3)
                    .build();
            Nets.init(net, m, new Shape(2, 1, 8, 8));
            NDArray x = m.randomNormal(new Shape(2, 1, 8, 8));
            SequentialBlock chain = new SequentialBlock();
            net.subNetworks().forEach(chain::add);
            chain.add(net.classifier());
            assertEquals(3, net.subNetworks().size());
            assertArrayEquals(
                    Nets.infer(net, m, x).toFloatArray(),
                    Nets.infer(chain, m, x).toFloatArray(),
                    1e-6f);
            // a proxy head on S1 gives class scores
            Block proxy = ProxyHead.forFeatureMaps(3);
            SequentialBlock s1 =
                    new SequentialBlock().add(net.subNetworks().get(0)).add(proxy);
            proxy.initialize(m, DataType.FLOAT32, new Shape(2, 4, 8, 8));
            assertEquals(new Shape(2, 3), Nets.infer(s1, m, x).getShape());
        }
    }

    /** Interpolating a trained network changes its outputs only a little: measured here. */
    @Test
    void interpolationOfATrainedNetworkChangesItsOutputsLittle() {
        ArraySource data = ArraySource.blobs(600, 4, 1, 8, 2.0, 11);
        ArraySource test = ArraySource.blobs(200, 4, 1, 8, 2.0, 12);
        ResNet net = new ResNetBuilder()
                .blocks(2, 2, 2)
                .widths(8, 16, 32)
                .inputChannels(1)
                .classes(4)
                .build();
        var report = ResGrow.train(net, new Shape(1, 8, 8))
                .on(data)
                .test(test)
                .strategy(PlainStrategy.epochs(2))
                .optimizer(NamedSgd.builder().build())
                .schedule(LrSchedule.constant(0.05))
                .batchSize(50)
                .devices(Device.cpu())
                .quiet()
                .fit();
        int[] all = new int[200];
        Arrays.setAll(all, i -> i);
        HostBatch b = test.batch(all);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = b.toDevice(m).get(0);
            NDArray before = Nets.infer(net, m, x);
            NDArray y = b.toDevice(m).get(1);
            double accBefore = before.argMax(1).eq(y).sum().getLong() / 200.0;
            // the network's manager holds its parameters; interpolation allocates on it too
            NDManager owner =
                    net.stem().getParameters().get(0).getValue().getArray().getManager();
            net.interpolate(owner);
            NDArray after = Nets.infer(net, m, x);
            double accAfter = after.argMax(1).eq(y).sum().getLong() / 200.0;
            double change = after.sub(before).norm().getFloat() / before.norm().getFloat();
            System.out.println(String.format(
                    Locale.ROOT,
                    "interpolation of a trained 2-2-2 ResNet: relative logit change %.4f, test accuracy"
                            + " %.3f -> %.3f (report: %.3f)",
                    change,
                    accBefore,
                    accAfter,
                    report.testAccuracy()));
            assertTrue(change < 0.6, "relative change " + change);
            assertTrue(accAfter >= accBefore - 0.15, accBefore + " -> " + accAfter);
        }
    }
}
