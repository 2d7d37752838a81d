package io.resgrow.core.data;

import static io.resgrow.core.testing.Rejections.reject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Record;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.testing.Rejections;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Records resgrow cannot train on are refused when the source is made, naming their shapes and types. */
class DjlDatasetRefusalTest {

    private static final String ONE_SAMPLE = "records with one numeric data array of shape (C, H, W), (H, W) or (D)";

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray ones(long... shape) {
        return manager.ones(new Shape(shape));
    }

    private static ArrayDataset arrays(NDArray[] data, NDArray... labels) {
        ArrayDataset.Builder b = new ArrayDataset.Builder().setData(data).setSampling(1, false);
        return labels.length == 0 ? b.build() : b.optLabels(labels).build();
    }

    private static ArrayDataset arrays(NDArray data, NDArray labels) {
        return arrays(new NDArray[] {data}, labels);
    }

    private static NDArray labels(long... values) {
        return manager.create(values);
    }

    /** Records of (2, 2, 2) floats, except that record {@code odd} is (2, 3, 3). */
    private static RecordsDataset oneDiffers(int size, int odd) {
        return new RecordsDataset(size, (m, i) -> {
            long hw = i == odd ? 3 : 2;
            return new Record(new NDList(m.zeros(new Shape(2, hw, hw))), new NDList(m.create((long) (i % 2))));
        });
    }

    @TestFactory
    Stream<DynamicTest> malformedRecordsAreRefusedWithTheirShapesAndTypes() {
        return Rejections.tests(
                reject(
                        "two data arrays",
                        () -> DjlDataset.of(arrays(new NDArray[] {ones(3, 2, 2), ones(3, 4)}, labels(0, 1, 0))),
                        "dataset",
                        "ArrayDataset record 0: data [float32 (2, 2), float32 (4)], labels [int64 ()]",
                        ONE_SAMPLE),
                reject(
                        "no labels",
                        () -> DjlDataset.of(arrays(new NDArray[] {ones(3, 2, 2)})),
                        "dataset",
                        "ArrayDataset record 0: data [float32 (2, 2)], labels []",
                        ONE_SAMPLE),
                reject(
                        "a label of shape (3)",
                        () -> DjlDataset.of(arrays(ones(2, 4), ones(2, 3).toType(DataType.INT64, false))),
                        "dataset",
                        "ArrayDataset record 0: data [float32 (4)], labels [int64 (3)]",
                        "one integer class label of shape () or (1)"),
                reject(
                        "a label 2.5",
                        () -> DjlDataset.of(arrays(ones(3, 4), manager.create(new float[] {0f, 2.5f, 1f}))),
                        "dataset",
                        "ArrayDataset record 1 with label 2.5 (float32 ())",
                        "an integer class in [0, 2^31)"),
                reject(
                        "a label -1",
                        () -> DjlDataset.of(arrays(ones(3, 4), labels(0, 1, -1))),
                        "dataset",
                        "ArrayDataset record 2 with label -1.0 (int64 ())",
                        "an integer class"),
                reject(
                        "a label past the given classes",
                        () -> DjlDataset.of(arrays(ones(3, 4), labels(0, 3, 1)), 3),
                        "dataset",
                        "ArrayDataset record 1 with label 3.0 (int64 ())",
                        "an integer class in [0, 3)"),
                reject(
                        "a record of another shape inside a read chunk",
                        () -> DjlDataset.of(oneDiffers(10, 3)),
                        "dataset",
                        "RecordsDataset record 3: data [float32 (2, 3, 3)], labels [int64 ()] where record 0 has"
                                + " data [float32 (2, 2, 2)]",
                        ONE_SAMPLE),
                reject(
                        "records of another shape from the second read chunk on",
                        () -> DjlDataset.of(new RecordsDataset(
                                300,
                                (m, i) -> new Record(
                                        new NDList(m.zeros(new Shape(i < 256 ? 4 : 5))), new NDList(m.create(0L))))),
                        "dataset",
                        "RecordsDataset record 256: data [float32 (5)], labels [int64 ()] where record 0 has"
                                + " data [float32 (4)]",
                        ONE_SAMPLE),
                reject(
                        "uint8 images in (H, W, C)",
                        () -> DjlDataset.of(arrays(ones(2, 8, 8, 3).toType(DataType.UINT8, false), labels(0, 1))),
                        "dataset",
                        "ArrayDataset record 0: data [uint8 (8, 8, 3)], labels [int64 ()], which looks like an"
                                + " image in DJL's (H, W, C) layout",
                        "(C, H, W) images"),
                reject(
                        "a record of four dimensions",
                        () -> DjlDataset.of(arrays(ones(2, 1, 2, 2, 2), labels(0, 1))),
                        "dataset",
                        "ArrayDataset record 0: data [float32 (1, 2, 2, 2)], labels [int64 ()]",
                        ONE_SAMPLE),
                reject(
                        "boolean data",
                        () -> DjlDataset.of(arrays(ones(2, 3).toType(DataType.BOOLEAN, false), labels(0, 1))),
                        "dataset",
                        "ArrayDataset record 0: data [boolean (3)], labels [int64 ()]",
                        ONE_SAMPLE),
                reject(
                        "no records",
                        () -> DjlDataset.of(arrays(ones(0, 3), labels())),
                        "dataset",
                        "ArrayDataset with 0 records",
                        "1 to "),
                reject(
                        "no classes",
                        () -> DjlDataset.of(arrays(ones(2, 3), labels(0, 1)), 0),
                        "classes",
                        "0",
                        "an integer >= 1"),
                reject("no dataset", () -> DjlDataset.of(null), "dataset", "null", "a value"));
    }

    @Test
    void aRecordThatCannotBeReadIsNamed() {
        RecordsDataset broken = new RecordsDataset(6, (m, i) -> {
            if (i == 4) {
                throw new IllegalStateException("corrupt file img-4.png");
            }
            return new Record(new NDList(m.zeros(new Shape(3))), new NDList(m.create(0L)));
        });
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> DjlDataset.of(broken));
        assertEquals("dataset", e.parameter());
        assertTrue(
                e.getMessage()
                        .startsWith("Invalid value for 'dataset'. Received: dataset=RecordsDataset record 4"
                                + " (java.lang.IllegalStateException: corrupt file img-4.png). Expected: records that can be"
                                + " read."),
                e.getMessage());
    }
}
