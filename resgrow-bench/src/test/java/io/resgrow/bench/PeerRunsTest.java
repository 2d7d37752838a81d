package io.resgrow.bench;

import static io.resgrow.bench.BenchRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.testing.Captured.Result;
import io.resgrow.examples.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strategy benchmarks' PyTorch peers: their final lines read, their figures over seeds, a real run. */
class PeerRunsTest {

    @Test
    void theFinalLinesOfEachPeerAreRead() {
        List<PeerRuns.Result> r = PeerRuns.parse(List.of(
                "torch 1.13.1 threads=2 train=300 test=10000 cycles=[1, 1, 1] init=kaiming normalize=on",
                "a multilevel cycle 1 epoch 1 loss 2.0101 3.2s",
                "a multilevel: test_error=23.50% seconds=12.3",
                "b fixed [8, 8, 8]: test_error=20.00% seconds=40.0",
                "l look-ahead epoch 3 loss 0.9 val 0.7000 ",
                "l look-ahead: epochs=7 test_accuracy=0.7250 train_GFLOPs=12.0 seconds=31.5 reached@epoch=5"
                        + " GFLOPs@reach=8.0 seconds@reach=20.1 FLOPs_ratio@reach=0.5 time_ratio@reach=0.6",
                "p partitioned: epochs=16 test_accuracy=0.7100 seconds=200.5",
                "target_validation=0.8000"));
        assertEquals(
                List.of(
                        new PeerRuns.Result("a multilevel", 0.765, 12.3),
                        new PeerRuns.Result("b fixed [8, 8, 8]", 0.8, 40.0),
                        new PeerRuns.Result("l look-ahead", 0.725, 31.5),
                        new PeerRuns.Result("p partitioned", 0.71, 200.5)),
                r.stream()
                        .map(x -> new PeerRuns.Result(x.run(), Math.round(x.testAccuracy() * 1e6) / 1e6, x.seconds()))
                        .toList());
    }

    @Test
    void aPeerRunEndingAtNanIsAnError() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> PeerRuns.parse(List.of("p partitioned: epochs=16 test_accuracy=nan seconds=200.5")));
        assertTrue(e.getMessage().contains("p partitioned ended at NaN"), e.getMessage());
    }

    @Test
    void withPeerIsRefusedForABenchmarkWithoutAStrategyPeer() {
        Result r = run("memory", "--with-peer", "--steps", "1");
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("--with-peer"), r.err());
    }

    @Test
    void figuresOverSeedsAreTheMeanAndRange() {
        assertEquals("0.7000 (0.6000-0.8000)", PeerRuns.spread(new double[] {0.6, 0.8, 0.7}, "%.4f"));
        assertEquals("12.0", PeerRuns.spread(new double[] {12}, "%.1f"));
        assertEquals("-", PeerRuns.spread(new double[] {1, Double.NaN}, "%.1f"));
    }

    @Test
    void aMissingPeerIsRefusedBeforeAnyTraining(@TempDir Path dir) {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class, () -> new PeerRuns("--with-peer", dir.resolve("nope_pytorch.py")));
        assertTrue(e.getMessage().contains("--with-peer"), e.getMessage());
        assertTrue(e.getMessage().contains("--peers DIR"), e.getMessage());
    }

    @Tag("slow")
    @Test
    void thePartitionedBenchmarkRunsItsPeerForEverySeed(@TempDir Path tmp) throws Exception {
        TorchPeer.assumeTorch();
        String data = Sample.unpack(Files.createDirectory(tmp.resolve("data"))).toString();
        Result r = run(
                "partitioned",
                "--data",
                data,
                "--train-images",
                "300",
                "--stage-epochs",
                "1,1,1",
                "--runs",
                "p",
                "--long-head",
                "0",
                "--seeds",
                "1,2",
                "--with-peer",
                "--peers",
                "peers",
                "--threads",
                "1");
        assertEquals(0, r.code(), r.err());
        for (String seed : List.of("1", "2")) {
            assertTrue(
                    r.out()
                            .lines()
                            .anyMatch(l -> l.startsWith("peer | /usr/bin/python3 peers/partitioned_pytorch.py")
                                    && l.contains("--seed " + seed)
                                    && l.contains("--stage-epochs 1,1,1")
                                    && l.contains("--train 300")
                                    && l.contains("--runs p ")),
                    "the peer ran for seed " + seed + ": " + r.out());
        }
        String summary = r.out().substring(r.out().indexOf("PyTorch peer over seeds [1, 2]"));
        assertTrue(
                summary.lines()
                        .anyMatch(l -> l.matches("p partitioned \\| 2 \\| 0\\.\\d{4} \\(0\\.\\d{4}-0\\.\\d{4}\\)"
                                + " \\| [0-9.]+ \\([0-9.]+-[0-9.]+\\)")),
                summary);
    }
}
