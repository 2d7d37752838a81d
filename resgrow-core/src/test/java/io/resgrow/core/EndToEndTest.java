package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.core.optim.NamedSgd;
import io.resgrow.core.schedule.LrSchedule;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EndToEndTest {

    @Test
    void plainTrainingLearnsSyntheticDataAboveNinetyPercent() {
        ArraySource train = ArraySource.blobs(1200, 4, 1, 8, 1.0, 1);
        ArraySource test = ArraySource.blobs(400, 4, 1, 8, 1.0, 2);
        TrainingReport report = ResGrow.train(TinyNets.mlp(32, 4), new Shape(1, 8, 8))
                .on(train, test)
                .test(test)
                .strategy(PlainStrategy.epochs(3))
                .optimizer(NamedSgd.builder().momentum(0.9).build())
                .schedule(LrSchedule.constant(0.05))
                .batchSize(32)
                .devices(Device.cpu())
                .quiet()
                .fit();
        assertTrue(report.testAccuracy() > 0.9, "test accuracy " + report.testAccuracy());
        assertEquals(3, report.epochs().size());
        assertTrue(report.epochs().get(2).trainLoss() < report.epochs().get(0).trainLoss());
        assertEquals(64, report.paramsSha256().length());
        System.out.println(report);
    }

    @Test
    void theReportIsAnOrdinaryFileReadableLikeItsNeighbours(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        ArraySource train = ArraySource.blobs(64, 4, 1, 8, 1.0, 1);
        ResGrow.train(TinyNets.mlp(8, 4), new Shape(1, 8, 8))
                .on(train)
                .strategy(PlainStrategy.epochs(1))
                .batchSize(32)
                .devices(Device.cpu())
                .quiet()
                .report(dir)
                .fit();
        Path neighbour = Files.writeString(dir.resolve("neighbour.txt"), "x");
        assertEquals(
                Files.getPosixFilePermissions(neighbour),
                Files.getPosixFilePermissions(dir.resolve("report.json")),
                "report.json has the permissions of any file this user writes (not a temporary file's 600)");
        try (var files = Files.list(dir)) {
            assertEquals(
                    Set.of("report.json", "neighbour.txt"),
                    files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
        }
    }
}
