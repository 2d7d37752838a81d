package io.resgrow.bench;

import io.resgrow.core.check.InvalidSettingException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A strategy benchmark for one seed, or for each of several and then their summary; with a peer,
 * the peer after each seed's runs and its summary last.
 */
final class SeedRuns {

    private SeedRuns() {}

    /**
     * Runs the benchmark over the seeds.
     *
     * @param seed {@code --seed}, used when {@code seeds} is empty
     * @param seeds {@code --seeds}
     * @param peer the peer, or null
     * @param output makes the benchmark's output (after the seeds are checked)
     * @param benchmark the benchmark of one seed
     * @param peerArgs the peer's arguments for a seed
     */
    static void run(
            long seed,
            List<Long> seeds,
            PeerRuns peer,
            Supplier<BenchOutput> output,
            BiConsumer<Long, BenchOutput> benchmark,
            Function<Long, List<String>> peerArgs) {
        if (seeds.size() != seeds.stream().distinct().count()) {
            throw new InvalidSettingException("--seeds", seeds, "different seeds", "give e.g. --seeds 1,2,3");
        }
        BenchOutput out = output.get();
        List<Long> all = seeds.isEmpty() ? List.of(seed) : seeds;
        for (long s : all) {
            if (!seeds.isEmpty()) {
                out.seed(s);
            }
            benchmark.accept(s, out);
            if (peer != null) {
                peer.run(peerArgs.apply(s));
            }
        }
        if (!seeds.isEmpty()) {
            out.summary(seeds);
        }
        if (peer != null) {
            peer.summary(all);
        }
    }
}
