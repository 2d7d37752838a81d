package io.resgrow.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.UserResidual;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A user's own composite block, written the way DJL's {@code AbstractBlock} javadoc teaches (two
 * linear children and a residual add), trains with the plain strategy although the MAC counter does
 * not know it: the report says which block its FLOP figures leave out. Taught in one line, the
 * counter counts it.
 */
class UserBlockTest {

    private static SequentialBlock network() {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(16).build())
                .add(new UserResidual(16))
                .add(Linear.builder().setUnits(4).build());
    }

    private static TrainingReport train(SequentialBlock net) {
        ArraySource data = ArraySource.blobs(80, 4, 1, 4, 0.5, 3);
        return ResGrow.train(net, new Shape(1, 4, 4))
                .on(data, data)
                .strategy(PlainStrategy.epochs(3))
                .optimizer(NamedSgd.builder().momentum(0.9).build())
                .schedule(LrSchedule.constant(0.05))
                .batchSize(20)
                .devices(Device.cpu())
                .quiet()
                .fit();
    }

    @AfterEach
    void forget() {
        MacCounter.forget(UserResidual.class);
    }

    @Test
    void aUserCompositeBlockTrainsAndItsFlopsAreReportedUnknown() {
        TrainingReport r = train(network());
        assertEquals(3, r.epochs().size());
        assertTrue(
                r.epochs().get(2).trainLoss() < r.epochs().get(0).trainLoss(),
                r.epochs().toString());
        RunEvent unknown = r.events().stream()
                .filter(e -> e.type().equals("flops-unknown"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no flops-unknown event: " + r.events()));
        assertEquals(List.of(UserResidual.class.getName()), unknown.data().get("blocks"));
        // the known layers only: 16x16 and 16x4 of the two outer linear layers
        assertEquals(16 * 16 + 16 * 4, r.epochs().get(0).macsPerSample());
    }

    @Test
    void taughtInOneLineTheCounterCountsIt() {
        MacCounter.teach(UserResidual.class, (block, in, out) -> 2L * in[0].get(1) * out[0].get(1));
        MacCounter counted = MacCounter.count(network(), new Shape(1, 1, 4, 4));
        assertTrue(counted.complete(), counted.unknownBlocks().toString());
        assertEquals(16 * 16 + 2 * 16 * 16 + 16 * 4, counted.macs());
        TrainingReport r = train(network());
        assertTrue(
                r.events().stream().noneMatch(e -> e.type().equals("flops-unknown")),
                r.events().toString());
        assertEquals(16 * 16 + 2 * 16 * 16 + 16 * 4, r.epochs().get(0).macsPerSample());
    }
}
