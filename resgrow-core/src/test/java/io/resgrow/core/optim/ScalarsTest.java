package io.resgrow.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ScalarsTest {

    @Test
    void aRolesScalarIsReusedWhileItsValueStaysAndRemadeWhenItChanges() {
        try (NDManager m = NDManager.newBaseManager();
                Scalars scalars = new Scalars()) {
            NDArray like = m.zeros(new Shape(3));
            NDArray lr = scalars.get("lr", 0.1, like);
            assertSame(lr, scalars.get("lr", 0.1, like));
            assertNotSame(lr, scalars.get("momentum", 0.1, like), "roles have their own scalars");
            NDArray next = scalars.get("lr", 0.05, like);
            assertEquals(0.05f, next.getFloat(), 0f);
            assertEquals(DataType.FLOAT32, next.getDataType());
            assertEquals(0, next.getShape().dimension());
            assertEquals(
                    0,
                    m.getManagedArrays().stream()
                            .filter(a -> a.getShape().dimension() == 0)
                            .count(),
                    "the scalars are the cache's, not the caller's manager's");
        }
    }
}
