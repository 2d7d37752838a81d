package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.basicdataset.cv.classification.ImageFolder;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.translate.NoopTranslator;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.PngFolders;
import io.resgrow.core.testing.UserResidual;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run builder's {@code on(...)} and {@code test(...)} take DJL datasets as they are. */
class DatasetEntryTest {

    /** The same noisy prototypes as {@link ArraySource#blobs}, as a DJL ArrayDataset of (1, 4, 4) images. */
    private static ArrayDataset arrayDataset(NDManager m, int n, long seed) {
        HostBatch all = ArraySource.blobs(n, 4, 1, 4, 0.5, seed)
                .batch(IntStream.range(0, n).toArray());
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = all.labels()[i];
        }
        return new ArrayDataset.Builder()
                .setData(m.create(all.images(), new Shape(n, 1, 4, 4)))
                .optLabels(m.create(labels, new Shape(n)))
                .setSampling(16, false)
                .build();
    }

    @Test
    void aUsersResidualBlockTrainsOnAnArrayDataset() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock()
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(16).build())
                    .add(new UserResidual(16))
                    .add(Linear.builder().setUnits(4).build());
            try (TrainingRun run = ResGrow.train(net, new Shape(1, 4, 4))
                    .on(arrayDataset(m, 80, 3), arrayDataset(m, 40, 4))
                    .test(arrayDataset(m, 40, 5))
                    .batchSize(16)
                    .strategy(PlainStrategy.epochs(4))
                    .quiet()
                    .build()) {
                TrainingReport r = run.fit();
                List<EpochRecord> e = r.epochs();
                assertTrue(e.get(3).trainLoss() < 0.5 * e.get(0).trainLoss(), e.toString());
                assertTrue(r.testAccuracy() > 0.9, "learnable prototypes: " + r.testAccuracy());
            }
        }
    }

    @Test
    void aModelTrainsOnAnImageFolderWithTheShapeReadFromItsImages(@TempDir Path dir) throws Exception {
        PngFolders.write(dir, List.of("ant", "bee", "cow"), 8, 8, 5);
        ImageFolder folder = ImageFolder.builder()
                .setRepositoryPath(dir)
                .addTransform(new ToTensor())
                .setSampling(8, false)
                .build();
        try (Model model = Model.newInstance("folder");
                NDManager m = NDManager.newBaseManager()) {
            model.setBlock(new SequentialBlock()
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(3).build()));
            TrainingReport r = ResGrow.train(
                            model,
                            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).addEvaluator(new Accuracy()))
                    .on(folder)
                    .batchSize(8)
                    .strategy(PlainStrategy.epochs(2))
                    .quiet()
                    .fit();
            assertEquals(2, r.epochs().size());
            assertTrue(Double.isFinite(r.epochs().get(1).trainLoss()));
            assertEquals(new Shape(1, 3, 8, 8), model.getBlock().getInputShapes()[0], "RGB 8x8 from the images");
            try (Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator())) {
                NDArray out =
                        p.predict(new NDList(m.zeros(new Shape(2, 3, 8, 8)))).head();
                assertEquals(new Shape(2, 3), out.getShape());
            }
        }
    }

    @Test
    void aRecordOfTwoDataArraysIsRefusedAtTheCallWithItsShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            ArrayDataset twoInputs = new ArrayDataset.Builder()
                    .setData(m.zeros(new Shape(4, 2, 2)), m.zeros(new Shape(4, 3)))
                    .optLabels(m.zeros(new Shape(4)))
                    .setSampling(2, false)
                    .build();
            InvalidSettingException e = assertThrows(
                    InvalidSettingException.class,
                    () -> ResGrow.train(new SequentialBlock(), new Shape(1, 2, 2))
                            .on(twoInputs));
            assertEquals("dataset", e.parameter());
            assertTrue(e.getMessage().contains("data [float32 (2, 2), float32 (3)]"), e.getMessage());
        }
    }
}
