package io.resgrow.models.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.checkpoint.ParamsHash;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.engine.RunEvaluator;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.ResidualBlock;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnalysisTest {

    private static final ArraySource TEST = ArraySource.blobs(200, 4, 1, 8, 2.0, 32);
    private static ResNet net;

    @BeforeAll
    static void train() {
        net = new ResNetBuilder()
                .blocks(3, 3)
                .widths(4, 8)
                .inputChannels(1)
                .classes(4)
                .build();
        ResGrow.train(net, new Shape(1, 8, 8))
                .on(ArraySource.blobs(400, 4, 1, 8, 2.0, 31))
                .strategy(PlainStrategy.epochs(2))
                .optimizer(NamedSgd.builder().build())
                .schedule(LrSchedule.constant(0.05))
                .batchSize(40)
                .devices(Device.cpu())
                .quiet()
                .fit();
    }

    @Test
    void residualNormsCoverEveryBlockAndVanishForAZeroFunction() {
        int[] all = new int[50];
        Arrays.setAll(all, i -> i);
        HostBatch batch = TEST.batch(all);
        List<ResidualNorms.Row> rows = ResidualNorms.measure(net, batch);
        assertEquals(6, rows.size());
        assertEquals(2, rows.get(5).stage());
        assertEquals(3, rows.get(5).block());
        rows.forEach(r -> assertTrue(r.inputNorm() > 0 && r.residualNorm() > 0, r.toString()));
        ResidualBlock b = (ResidualBlock) net.stages().get(0).blocks().get(1);
        String before = ParamsHash.of(net);
        var weight = b.functions()
                .get(0)
                .lastConv()
                .getParameters()
                .get(0)
                .getValue()
                .getArray();
        var saved = weight.duplicate();
        weight.muli(0);
        assertEquals(0.0, ResidualNorms.measure(net, batch).get(1).residualNorm(), 1e-9);
        saved.copyTo(weight);
        assertEquals(before, ParamsHash.of(net));
    }

    @Test
    void lesionStudyMeasuresEveryRemovableBlockAndRestoresTheNetwork() {
        String before = ParamsHash.of(net);
        double baseline = RunEvaluator.accuracy(net, TEST, 100, Device.cpu());
        List<LesionStudy.Row> rows = LesionStudy.run(net, TEST, null, 100, 1);
        assertEquals(baseline, rows.get(0).accuracy(), 1e-12);
        // stage 1: 3 removable blocks + shuffle; stage 2: first block changes shape: 2 removable + shuffle
        assertEquals(1 + 4 + 3, rows.size());
        assertEquals(before, ParamsHash.of(net));
        assertEquals(baseline, RunEvaluator.accuracy(net, TEST, 100, Device.cpu()), 1e-12);
        // each removal, measured another way: zeroing the block's last convolutions makes it the identity
        int removals = 0;
        for (LesionStudy.Row row : rows.subList(1, rows.size())) {
            if (row.block() == 0) {
                continue;
            }
            ResidualBlock block =
                    (ResidualBlock) net.stages().get(row.stage() - 1).blocks().get(row.block() - 1);
            List<NDArray> weights = block.functions().stream()
                    .map(f -> f.lastConv().getParameters().get(0).getValue().getArray())
                    .toList();
            List<NDArray> saved = weights.stream().map(NDArray::duplicate).toList();
            weights.forEach(w -> w.muli(0));
            double identity = RunEvaluator.accuracy(net, TEST, 100, Device.cpu());
            for (int i = 0; i < weights.size(); i++) {
                saved.get(i).copyTo(weights.get(i));
            }
            assertEquals(identity, row.accuracy(), 1e-12, row.toString());
            removals++;
        }
        assertEquals(5, removals);
        assertEquals(before, ParamsHash.of(net));
    }
}
