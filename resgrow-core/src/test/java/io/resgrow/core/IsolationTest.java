package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.listen.RunListener;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A run's result does not depend on other torch work in the JVM: draws from libtorch's global
 * generator between its steps change nothing (with dropout, which needs that generator, and
 * without), and two runs fitted at once from two threads take turns and end as they end alone.
 */
class IsolationTest {

    private static final Shape SAMPLE = new Shape(1, 8, 8);
    private static final BatchSource DATA = ArraySource.blobs(64, 4, 1, 8, 0.5, 1);

    /** Draws from torch's global generator after every step, as other code in the JVM might. */
    private static final RunListener NOISY_NEIGHBOUR = new RunListener() {
        @Override
        public void onStep(StepInfo step) {
            try (NDManager m = NDManager.newBaseManager()) {
                m.randomNormal(new Shape(97)).getFloat(0);
            }
        }
    };

    private static String hash(Supplier<Block> net, RunListener listener) {
        RunBuilder b = ResGrow.train(net.get(), SAMPLE)
                .on(DATA)
                .batchSize(16)
                .strategy(PlainStrategy.epochs(2))
                .seed(3)
                .quiet();
        if (listener != null) {
            b.listener(listener);
        }
        try (TrainingRun run = b.build()) {
            TrainingReport report = run.fit();
            return report.paramsSha256();
        }
    }

    @Test
    void drawsFromTorchsGeneratorBetweenStepsChangeNothingWithDropout() {
        Supplier<Block> net = () -> TinyNets.convNetWithDropout(4, 0.5f);
        assertEquals(hash(net, null), hash(net, NOISY_NEIGHBOUR));
    }

    @Test
    void drawsFromTorchsGeneratorBetweenStepsChangeNothingWithoutDropout() {
        Supplier<Block> net = () -> TinyNets.convNet(4);
        assertEquals(hash(net, null), hash(net, NOISY_NEIGHBOUR));
    }

    @Test
    void twoFitsFromTwoThreadsTakeTurnsAndEndAsTheyEndAlone() throws Exception {
        Supplier<Block> dropout = () -> TinyNets.convNetWithDropout(4, 0.5f);
        Supplier<Block> plain = () -> TinyNets.convNet(4);
        String aloneA = hash(dropout, null);
        String aloneB = hash(plain, null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> both = pool.invokeAll(
                    List.<Callable<String>>of(() -> hash(dropout, NOISY_NEIGHBOUR), () -> hash(plain, null)));
            assertEquals(aloneA, both.get(0).get());
            assertEquals(aloneB, both.get(1).get());
        } finally {
            pool.shutdownNow();
        }
    }
}
