package io.resgrow.bench;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.datasets.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --with-peer} and {@code --peers} of the strategy benchmarks, and the peer's arguments that
 * mirror a benchmark's settings (its script's options: {@code peers/STRATEGY_pytorch.py --help}).
 */
final class PeerOptions {

    @Option(
            names = "--with-peer",
            description = "multilevel, incremental, partitioned: after each seed's runs, run the strategy's PyTorch"
                    + " peer (--peers/STRATEGY_pytorch.py, Python 3 with torch) with the same settings and seed, and"
                    + " give its runs' test accuracy and seconds as mean and range too")
    boolean withPeer;

    @Option(
            names = "--peers",
            paramLabel = "DIR",
            defaultValue = "resgrow-bench/peers",
            description = "where the peers' scripts are (default: ${DEFAULT-VALUE})")
    Path peers;

    /**
     * Returns the strategy's peer, checked, when {@code --with-peer} asks for it.
     *
     * @param strategy multilevel, incremental or partitioned
     * @return the peer, or null
     */
    PeerRuns open(String strategy) {
        return withPeer ? new PeerRuns("--with-peer", peers.resolve(strategy + "_pytorch.py")) : null;
    }

    /**
     * The directory the peer reads: the benchmark's {@code --data}, else Debian's copy, which is what
     * the benchmark reads too unless {@code RESGROW_DATA} points elsewhere (then refused: the peer does
     * not search it).
     *
     * @param data {@code --data}, or null
     * @return the directory
     */
    static Path dataFor(Path data) {
        if (data != null) {
            return data;
        }
        String env = System.getenv("RESGROW_DATA");
        if (env != null && !env.isBlank()) {
            throw new InvalidSettingException(
                    "--with-peer",
                    "RESGROW_DATA=" + env,
                    "a --data directory when RESGROW_DATA is set (the peer reads one directory, not the search)",
                    "give --data with the Fashion-MNIST directory both should read");
        }
        return Datasets.DEBIAN_FASHION_MNIST;
    }

    /** The arguments every peer shares: data, training images, seed, threads. */
    static List<String> common(Path data, int trainImages, long seed, int threads) {
        List<String> a = new ArrayList<>(List.of("--data", data.toString()));
        a.addAll(List.of(
                "--train",
                Integer.toString(trainImages),
                "--seed",
                Long.toString(seed),
                "--threads",
                Integer.toString(threads)));
        return a;
    }

    /** {@code multilevel_pytorch.py}: runs a, b, c with the benchmark's cycles. */
    static List<String> multilevel(List<String> common, String cycles) {
        List<String> a = new ArrayList<>(List.of("--runs", "a,b,c", "--cycles", cycles.replace(" ", "")));
        a.addAll(common);
        return a;
    }

    /** {@code incremental_pytorch.py}: runs l and r (and the full network b) with the slope rule's settings. */
    static List<String> incremental(
            List<String> common, int epochs, int ws, double gamma, int lookAheadEpochs, int maxEpochsPerStage) {
        List<String> a = new ArrayList<>(List.of(
                "--runs",
                "l,r",
                "--epochs",
                Integer.toString(epochs),
                "--ws",
                Integer.toString(ws),
                "--gamma",
                Double.toString(gamma),
                "--lookahead-epochs",
                Integer.toString(lookAheadEpochs),
                "--max-epochs-per-stage",
                Integer.toString(maxEpochsPerStage)));
        a.addAll(common);
        return a;
    }
}
