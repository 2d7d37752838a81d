package io.resgrow.bench;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.PlainStrategy;
import io.resgrow.core.TrainingStrategy;
import io.resgrow.core.placement.TransferCounter;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.SyntheticDataset;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.multires.MultiResNets;
import io.resgrow.strategies.modelparallel.ModelParallelBranches;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The cost of model-parallel placement (issue 11): the median training step of a Multi-ResNet
 * trained plainly, placed on one device (the machinery alone: target at most 1.05x plain) and
 * placed on two logical devices of one CPU ({@code cpu,cpu}: routing and transfer accounting with
 * no real copy; no speed-up is possible on one CPU). Variants alternate over three rounds, each
 * round starting with the next variant (so no variant always follows the same one), and the best of
 * each variant's three medians is reported (after one untimed run).
 */
public final class ModelParallelBench {

    /**
     * The network and step settings.
     *
     * @param depth Multi-ResNet depth 6n+2
     * @param k residual functions per block
     * @param widen width multiplier
     * @param batch samples per step
     * @param steps timed steps (after 5 warm-up steps)
     */
    public record Settings(int depth, int k, int widen, int batch, int steps) {}

    private static final int WARMUP = 5;
    private static final int ROUNDS = 3;

    private ModelParallelBench() {}

    /**
     * Runs the benchmark and prints one result line.
     *
     * @param s the settings
     */
    public static void run(Settings s) {
        ImageSet data = SyntheticDataset.create(s.batch() * (s.steps() + WARMUP), 10, 3, 32, 40, 1);
        String[] variants = {"plain", "cpu", "cpu,cpu"};
        double[][] medians = new double[variants.length][ROUNDS];
        long[] transfers = new long[variants.length];
        long[] bytes = new long[variants.length];
        // one untimed run first: the JVM's and libtorch's first epoch is slower than any later one
        median(MultiResNets.create(s.depth(), s.k(), s.widen(), 3, 10), data, s.batch(), PlainStrategy.epochs(1));
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < variants.length; i++) {
                int v = (round + i) % variants.length;
                ModelParallelBranches placed = v == 0
                        ? null
                        : ModelParallelBranches.builder()
                                .devices(variants[v])
                                .inner(PlainStrategy.epochs(1))
                                .build();
                medians[v][round] = median(
                        MultiResNets.create(s.depth(), s.k(), s.widen(), 3, 10),
                        data,
                        s.batch(),
                        placed == null ? PlainStrategy.epochs(1) : placed);
                if (placed != null) {
                    TransferCounter c = placed.lastPlacement().transfers();
                    transfers[v] = c.transfers() / (s.steps() + WARMUP);
                    bytes[v] = c.bytes() / (s.steps() + WARMUP);
                }
            }
        }
        double plain = Arrays.stream(medians[0]).min().orElseThrow();
        double one = Arrays.stream(medians[1]).min().orElseThrow();
        double two = Arrays.stream(medians[2]).min().orElseThrow();
        System.out.println(String.format(
                Locale.ROOT,
                "multires depth=%d k=%d widen=%d batch=%d plain_step_ms=%.1f placed_1_device_step_ms=%.1f"
                        + " placed/plain=%.3f (target <= 1.05) placed_cpu_cpu_step_ms=%.1f cpu_cpu/plain=%.3f"
                        + " logical_transfers_per_step=%d bytes_per_step=%d (best of %d alternating runs, each the median"
                        + " of %d steps; runs: plain %s, 1 device %s, cpu,cpu %s)",
                s.depth(),
                s.k(),
                s.widen(),
                s.batch(),
                plain,
                one,
                one / plain,
                two,
                two / plain,
                transfers[2],
                bytes[2],
                ROUNDS,
                s.steps(),
                runs(medians[0]),
                runs(medians[1]),
                runs(medians[2])));
    }

    private static String runs(double[] medians) {
        return Arrays.stream(medians)
                .mapToObj(m -> String.format(Locale.ROOT, "%.1f", m))
                .collect(Collectors.joining(" "));
    }

    private static double median(ResNet net, ImageSet data, int batch, TrainingStrategy strategy) {
        return StepBench.sgdMedian(net, new Shape(3, 32, 32), batch, data, strategy, WARMUP, step -> {});
    }
}
