package io.resgrow.core.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation and test passes tell the listeners how far they are, batch by batch. */
class EvaluationProgressTest {

    @Test
    void validationAfterEveryEpochAndTheTestAtTheEndCountUpToTheirSize() {
        ArraySource train = ArraySource.blobs(100, 3, 1, 6, 1.0, 5);
        ArraySource validation = ArraySource.blobs(45, 3, 1, 6, 1.0, 6);
        ArraySource test = ArraySource.blobs(30, 3, 1, 6, 1.0, 7);
        List<RunListener.EvaluationInfo> seen = new ArrayList<>();
        ResGrow.train(TinyNets.mlp(8, 3), new Shape(1, 6, 6))
                .on(train, validation)
                .test(test)
                .strategy(PlainStrategy.epochs(2))
                .batchSize(25)
                .evalBatchSize(20)
                .devices(Device.cpu())
                .quiet()
                .listener(new RunListener() {
                    @Override
                    public void onEvaluation(EvaluationInfo info) {
                        seen.add(info);
                    }
                })
                .fit();
        // validation: 45 samples in batches of 20 -> 20, 40, 45, after epochs 1 and 2; test: 20, 30
        assertEquals(
                List.of(
                        "validation 1 20/45",
                        "validation 1 40/45",
                        "validation 1 45/45",
                        "validation 2 20/45",
                        "validation 2 40/45",
                        "validation 2 45/45",
                        "test 2 20/30",
                        "test 2 30/30"),
                seen.stream()
                        .map(e -> e.set() + " " + e.epoch() + " " + e.done() + "/" + e.total())
                        .toList());
        for (int i = 1; i < seen.size(); i++) {
            if (seen.get(i).set().equals(seen.get(i - 1).set())
                    && seen.get(i).epoch() == seen.get(i - 1).epoch()) {
                assertTrue(seen.get(i).nanos() >= seen.get(i - 1).nanos(), "a pass's clock never runs back");
            }
        }
        assertTrue(
                seen.stream().allMatch(e -> e.phase().equals(e.set().equals("test") ? "end" : "plain")),
                seen.toString());
    }
}
