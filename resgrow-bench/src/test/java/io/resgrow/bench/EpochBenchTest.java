package io.resgrow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.ResGrow;
import io.resgrow.core.listen.RunListener;
import io.resgrow.datasets.ImageSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What {@code bench epoch}'s clock holds: preparing the run and its validation pass, not the test
 * pass that follows the epoch. Each of the three is made slower by a known sleep, and the clock
 * must see the first two and not the third.
 */
class EpochBenchTest {

    private static final long PREPARE_MS = 300;
    private static final long VALIDATION_MS = 400;
    private static final long TEST_MS = 600;

    @Test
    void theClockHoldsPreparingAndValidationAndStopsBeforeTheTestPass() {
        StepNetwork net = new StepNetwork(new int[] {1, 1, 1}, new int[] {4, 8, 8}, new int[] {1, 8, 8}, 3, 1.0);
        ImageSet data = net.data(60);
        Set<String> slowed = new HashSet<>();
        long t0 = System.nanoTime();
        EpochBench.Timed t = EpochBench.epoch(() -> {
            sleep(PREPARE_MS);
            Block network = net.build();
            return new EpochBench.Epoch(
                    network,
                    ResGrow.train(network, net.sample())
                            .on(data.subset(range(0, 40)), data.subset(range(40, 50)))
                            .test(data.subset(range(50, 60)))
                            .strategy(PlainStrategy.epochs(1))
                            .batchSize(8)
                            .quiet()
                            .listener(new RunListener() {
                                @Override
                                public void onEvaluation(EvaluationInfo info) {
                                    if (slowed.add(info.set())) {
                                        sleep(info.set().equals("test") ? TEST_MS : VALIDATION_MS);
                                    }
                                }
                            }));
        });
        double wall = (System.nanoTime() - t0) / 1e9;
        assertEquals(Set.of("validation", "test"), slowed, "both passes ran");
        assertEquals(40, t.images(), "5 whole batches of 8");
        assertTrue(t.preparing() >= PREPARE_MS / 1e3, "preparing " + t.preparing());
        assertTrue(t.validation() >= VALIDATION_MS / 1e3, "validation " + t.validation());
        assertTrue(t.seconds() >= t.preparing() + t.validation(), t.toString());
        assertTrue(t.seconds() <= wall - TEST_MS / 1e3, "the test pass is outside the clock: " + t + ", wall " + wall);
    }

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
