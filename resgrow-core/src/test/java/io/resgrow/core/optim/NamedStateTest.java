package io.resgrow.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedStateTest {

    @Test
    void stateSurvivesEncodeDecodeIntoAFreshOptimizer() {
        try (NDManager m = NDManager.newBaseManager()) {
            NamedAdam a = NamedAdam.builder().build();
            NDArray w = m.create(new float[] {1, 2});
            a.update("net/w", w, m.create(new float[] {0.3f, -0.1f}), 0.1);
            byte[] bytes = a.state().saveState(m).encode();
            NamedAdam b = NamedAdam.builder().build();
            b.state().loadState(NDList.decode(m, bytes), Device.cpu());
            assertEquals(1, b.state().steps("net/w"));
            NDArray copy = w.duplicate();
            a.update("net/w", w, m.create(new float[] {0.2f, 0.2f}), 0.1);
            b.update("net/w", copy, m.create(new float[] {0.2f, 0.2f}), 0.1);
            assertArrayEquals(w.toFloatArray(), copy.toFloatArray(), 0f);
            assertEquals(2, b.state().steps("net/w"));
        }
    }

    @Test
    void renameMovesStateAndCopyDuplicatesIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            NamedSgd s = NamedSgd.builder().momentum(0.9).build();
            s.update("net/01a", m.create(new float[] {1}), m.create(new float[] {2}), 0.1);
            s.update("net/02b", m.create(new float[] {1}), m.create(new float[] {3}), 0.1);
            s.state().rename(Map.of("net/01a", "net/02a", "net/02b", "net/03b"));
            assertNull(s.state().slot("net/01a", 0));
            assertArrayEquals(new float[] {2}, s.state().slot("net/02a", 0).toFloatArray());
            assertArrayEquals(new float[] {3}, s.state().slot("net/03b", 0).toFloatArray());
            s.state().copyState("net/02a", "net/04a");
            s.state().slot("net/02a", 0).muli(0);
            assertArrayEquals(new float[] {2}, s.state().slot("net/04a", 0).toFloatArray());
            assertEquals(1, s.state().steps("net/04a"));
            s.close();
        }
    }
}
