package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run frees what it creates: twenty fits in one JVM, each closed, leave the live native arrays
 * where they were and the resident memory near it; a run not closed keeps its arrays (so the count
 * can see a leak).
 */
class OwnershipTest {

    private static final Shape SAMPLE = new Shape(1, 8, 8);
    private static final BatchSource DATA = ArraySource.blobs(64, 4, 1, 8, 0.5, 1);

    private static TrainingRun run() {
        return ResGrow.train(TinyNets.convNet(4), SAMPLE)
                .on(DATA, DATA)
                .batchSize(16)
                .strategy(PlainStrategy.epochs(1))
                .quiet()
                .build();
    }

    @Test
    void twentyClosedFitsLeaveNoNativeArraysAndNoResidentGrowthBehind() throws IOException {
        NDManager system = systemManager();
        for (int i = 0; i < 3; i++) {
            try (TrainingRun warm = run()) {
                warm.fit();
            }
        }
        System.gc();
        int arraysBefore = system.getManagedArrays().size();
        long rssBefore = residentKb();
        for (int i = 0; i < 20; i++) {
            try (TrainingRun r = run()) {
                r.fit();
            }
        }
        System.gc();
        int arraysAfter = system.getManagedArrays().size();
        long rssAfter = residentKb();
        System.out.printf(
                "20 closed fits: live arrays %d -> %d, RSS %d -> %d kB%n",
                arraysBefore, arraysAfter, rssBefore, rssAfter);
        assertEquals(arraysBefore, arraysAfter, "live native arrays after 20 closed fits");
        assertTrue(rssAfter - rssBefore < 64 * 1024, "RSS grew by " + (rssAfter - rssBefore) + " kB");
    }

    @Test
    void aRunLeftOpenKeepsItsNetworksArraysSoTheCountSeesLeaks() {
        NDManager system = systemManager();
        int before = system.getManagedArrays().size();
        List<TrainingRun> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TrainingRun r = run();
            r.fit();
            open.add(r);
        }
        int parameters = open.get(0).network().getParameters().size();
        assertTrue(
                system.getManagedArrays().size() - before >= 3 * parameters,
                "three open runs hold at least their parameters");
        open.forEach(TrainingRun::close);
        assertEquals(before, system.getManagedArrays().size(), "closing them frees them");
        assertThrows(IllegalStateException.class, () -> open.get(0).fit(), "a closed run does not train again");
    }

    @Test
    void aRunWithoutDropoutLeavesTorchsGlobalGeneratorAlone() {
        Block net = TinyNets.convNet(4);
        // initialised beforehand: initialisation is the one place that needs the generator
        try (TrainingRun r =
                ResGrow.train(net, SAMPLE).on(DATA).batchSize(16).quiet().build()) {
            r.fit();
            Engine.getInstance().setRandomSeed(99);
            float expected = draw();
            Engine.getInstance().setRandomSeed(99);
            r.fit();
            assertEquals(expected, draw(), 0f, "the generator's sequence went on as if no run happened");
        }
    }

    private static float draw() {
        try (NDManager m = NDManager.newBaseManager()) {
            return m.randomUniform(0, 1, new Shape(1)).getFloat();
        }
    }

    private static NDManager systemManager() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager();
        }
    }

    private static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
