package io.resgrow.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.basicdataset.cv.classification.ImageFolder;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.testing.PngFolders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** basicdataset's ImageFolder over PNGs the test wrote: every image comes back once, with its pixels and class. */
class DjlImageFolderTest {

    private static final List<String> CLASSES = List.of("cat", "dog", "eel");
    private static final int SIZE = 8;

    private static ImageFolder.Builder folder(Path dir) {
        return ImageFolder.builder().setRepositoryPath(dir).setSampling(4, false);
    }

    /**
     * Matches every record to one written image of its class whose pixels equal the record's (within
     * {@code tolerance}, after {@code scale}); each image is matched once.
     */
    private static void assertSameImages(
            List<PngFolders.Image> written, DjlDataset source, List<String> synset, float scale, float tolerance) {
        assertEquals(written.size(), source.count());
        List<PngFolders.Image> left = new ArrayList<>(written);
        for (int i = 0; i < source.count(); i++) {
            HostBatch one = source.batch(new int[] {i});
            String className = synset.get(one.labels()[0]);
            assertEquals(one.labels()[0], source.label(i));
            PngFolders.Image match = null;
            for (PngFolders.Image image : left) {
                if (image.className().equals(className) && same(image.chw(SIZE), one.images(), scale, tolerance)) {
                    match = image;
                    break;
                }
            }
            assertTrue(match != null, "record " + i + " of class " + className + " matches no image written");
            left.remove(match);
        }
    }

    private static boolean same(int[] expected, float[] actual, float scale, float tolerance) {
        for (int j = 0; j < expected.length; j++) {
            if (Math.abs(expected[j] * scale - actual[j]) > tolerance) {
                return false;
            }
        }
        return expected.length == actual.length;
    }

    @Test
    void imagesComeBackAsCHWFloatsScaledByToTensorOverTheirClasses(@TempDir Path dir) throws Exception {
        List<PngFolders.Image> written = PngFolders.write(dir, CLASSES, 3, SIZE, 11);
        // no transform set: ImageFolder's builder adds ToTensor itself
        ImageFolder images = folder(dir).build();
        images.prepare();
        DjlDataset source = DjlDataset.of(images);
        assertEquals(3, source.classes());
        assertEquals(new Shape(3, SIZE, SIZE), source.sampleShape());
        assertEquals(DataType.FLOAT32, source.recordType());
        // ToTensor scales by 1/255 in libtorch (a multiplication by the reciprocal may round differently)
        assertSameImages(written, source, images.getSynset(), 1f / 255f, 1e-6f);
    }

    @Test
    void aTransposeKeepsTheBytesExactly(@TempDir Path dir) throws IOException {
        List<PngFolders.Image> written = PngFolders.write(dir, CLASSES, 2, SIZE, 12);
        ImageFolder images = folder(dir).addTransform(a -> a.transpose(2, 0, 1)).build();
        DjlDataset source = DjlDataset.of(images);
        assertEquals(DataType.UINT8, source.recordType());
        assertEquals(6L * 3 * SIZE * SIZE + 6 * 4, source.hostBytes());
        assertSameImages(written, source, images.getClasses(), 1f, 0f);
    }

    @Test
    void imagesWithoutToTensorAreRefusedAsChannelsLast(@TempDir Path dir) {
        PngFolders.write(dir, CLASSES, 1, SIZE, 13);
        // ImageFolder adds ToTensor only when no transform is set: a pipeline of others leaves (H, W, C) uint8
        ImageFolder images = folder(dir).addTransform(a -> a).build();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> DjlDataset.of(images));
        assertTrue(
                e.getMessage()
                        .startsWith("Invalid value for 'dataset'. Received: dataset=ImageFolder record 0: data"
                                + " [uint8 (8, 8, 3)], labels [int64 ()], which looks like an image in DJL's (H, W, C)"
                                + " layout. Expected: (C, H, W) images. Fix: add a transform"),
                e.getMessage());
        assertTrue(e.getMessage().contains("new ToTensor()"), e.getMessage());
    }

    @Test
    void imagesOfDifferentSizesAreRefusedNamingTheOddOne(@TempDir Path dir) {
        PngFolders.write(dir, List.of("a"), 2, SIZE, 14);
        PngFolders.write(dir, List.of("b"), 1, SIZE + 1, 15);
        ImageFolder images = folder(dir).addTransform(new ToTensor()).build();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> DjlDataset.of(images));
        // the odd record is named with its shape beside the first record's
        assertTrue(
                e.getMessage()
                        .matches("Invalid value for 'dataset'. Received: dataset=ImageFolder record \\d:"
                                + " data \\[float32 \\(3, 9, 9\\)\\], labels \\[int64 \\(\\)\\] where record \\d has data"
                                + " \\[float32 \\(3, 8, 8\\)\\]\\. Expected: .*"),
                e.getMessage());
        assertTrue(e.getMessage().contains("optImageWidth"), e.getMessage());
    }
}
