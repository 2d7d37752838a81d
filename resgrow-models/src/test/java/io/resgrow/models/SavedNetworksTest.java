package io.resgrow.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.network.SavedNetwork;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.resnet.ResNetBuilder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grown ResNet (one multi-level interpolation: 1-1-1 to 2-2-2 blocks, h 1 to 0.5) saved and
 * loaded back through DJL's {@code Model} gives the same logits, bit for bit.
 */
class SavedNetworksTest {

    private static float[] logits(Block net, NDArray x) {
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDList out = net.forward(new ParameterStore(scratch, false), new NDList(x), false);
            return out.singletonOrThrow().toFloatArray();
        }
    }

    @Test
    void aGrownNetworkRoundTripsWithTheSameLogits(@TempDir Path dir) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNet net = new ResNetBuilder()
                    .blocks(1, 1, 1)
                    .widths(4, 8, 8)
                    .inputChannels(1)
                    .classes(10)
                    .build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            net.interpolate(manager);
            SavedNetwork.Card card = new SavedNetwork.Card(
                    SavedNetwork.FORMAT,
                    SavedNetwork.architectureOf(net),
                    new long[] {1, 28, 28},
                    10,
                    Map.of("type", "identity"),
                    "test",
                    null);
            SavedNetwork.save(net, card, dir);
            NDArray x = manager.randomNormal(new Shape(5, 1, 28, 28));
            float[] before = logits(net, x);
            try (Model loaded = SavedNetworks.load("--model", dir, null)) {
                SavedNetwork.Card read = SavedNetwork.card("--model", dir);
                assertArrayEquals(new int[] {2, 2, 2}, read.architecture().integers("blocks"));
                assertEquals(0.5, read.architecture().number("stepSize"));
                assertEquals("identity", read.preprocess().get("type"));
                float[] after = logits(
                        loaded.getBlock(), x.toDevice(loaded.getNDManager().getDevice(), false));
                assertArrayEquals(before, after);
            }
        }
    }

    @Test
    void aDirectoryWithoutAModelIsRefusedNamingTheOption(@TempDir Path dir) {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> SavedNetworks.load("--model", dir, null));
        assertTrue(e.getMessage().contains("'--model'") && e.getMessage().contains("train --save"), e.getMessage());
    }
}
