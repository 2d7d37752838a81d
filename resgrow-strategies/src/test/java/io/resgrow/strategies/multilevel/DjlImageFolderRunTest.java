package io.resgrow.strategies.multilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.basicdataset.cv.classification.ImageFolder;
import ai.djl.nn.Parameter;
import io.resgrow.core.ResGrow;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.DjlDataset;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.testing.PngFolders;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.resnet.ResNetBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A multi-level run trains end to end on basicdataset's ImageFolder through DjlDataset. */
class DjlImageFolderRunTest {

    /** The source as the engine uses it, recording which threads gather its training batches. */
    private record Recording(BatchSource inner, Set<String> threads) implements BatchSource {
        @Override
        public int count() {
            return inner.count();
        }

        @Override
        public int classes() {
            return inner.classes();
        }

        @Override
        public int label(int index) {
            return inner.label(index);
        }

        @Override
        public HostBatch batch(int[] indices) {
            if (indices.length == 8) {
                threads.add(Thread.currentThread().getName());
            }
            return inner.batch(indices);
        }
    }

    @Test
    void aMultiLevelRunTrainsOnAnImageFolder(@TempDir Path dir) {
        // three classes of 8 random 8x8 RGB images: 24 images, 3 steps of 8 an epoch
        PngFolders.write(dir, List.of("ant", "bee", "cow"), 8, 8, 5);
        ImageFolder folder = ImageFolder.builder()
                .setRepositoryPath(dir)
                .setSampling(8, true)
                .build();
        DjlDataset data = DjlDataset.of(folder);
        assertEquals(3, data.classes());
        Recording source = new Recording(data, ConcurrentHashMap.newKeySet());
        ResNet net = new ResNetBuilder()
                .blocks(1, 1, 1)
                .widths(4, 8, 8)
                .inputChannels(3)
                .classes(3)
                .build();
        Map<Parameter, float[]> afterFirstStep = new IdentityHashMap<>();
        List<Integer> stepSamples = new ArrayList<>();
        TrainingReport r = ResGrow.train(net, data.sampleShape())
                .on(source)
                .strategy(MultiLevelInterpolation.builder()
                        .eta(0.1, 0.001)
                        .batchSize(8)
                        .cycleLengths(1, 1)
                        .build())
                .seed(3)
                .devices(Device.cpu())
                .quiet()
                .listener(new RunListener() {
                    @Override
                    public void onStep(StepInfo s) {
                        stepSamples.add(s.samples());
                        if (afterFirstStep.isEmpty()) {
                            net.getParameters()
                                    .values()
                                    .forEach(p ->
                                            afterFirstStep.put(p, p.getArray().toFloatArray()));
                        }
                    }
                })
                .fit();
        assertEquals(List.of(8, 8, 8, 8, 8, 8), stepSamples, "two cycles of one epoch, 3 steps each");
        assertEquals(2, r.epochs().size());
        for (EpochRecord e : r.epochs()) {
            assertTrue(Double.isFinite(e.trainLoss()) && e.trainLoss() > 0, e.toString());
        }
        assertEquals(
                1,
                r.events().stream().filter(e -> e.type().equals("interpolate")).count());
        int changed = 0;
        for (Parameter p : net.getParameters().values()) {
            float[] before = afterFirstStep.get(p);
            if (before != null && !Arrays.equals(before, p.getArray().toFloatArray())) {
                changed++;
            }
        }
        assertTrue(changed > 0, "no parameter changed after the first of six steps");
        assertEquals(Set.of("resgrow-prefetch"), source.threads(), "training batches gathered on the prefetch thread");
        assertFalse(r.paramsSha256().isEmpty());
    }
}
