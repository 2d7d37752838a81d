package io.resgrow.models.describe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.resgrow.models.resnet.ResNetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescriberTest {

    @Test
    void rowsCoverEveryPartAndSumToTheTotals() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Describer.Row> rows = Describer.describe(new ResNetBuilder().build(), new Shape(3, 32, 32), m);
            assertEquals(
                    List.of("stem", "stage 1 (2 blocks)", "stage 2 (2 blocks)", "stage 3 (2 blocks)", "head"),
                    rows.stream().map(Describer.Row::part).toList());
            assertEquals(new Shape(64, 8, 8), rows.get(3).output());
            assertEquals(
                    172_506, rows.stream().mapToLong(Describer.Row::parameters).sum());
            String table = Describer.table(rows);
            assertTrue(table.endsWith("params=172506 macs=26395264"), table);
        }
    }
}
