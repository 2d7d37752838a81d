package io.resgrow.spark;

import io.resgrow.examples.cli.ResgrowCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BENCHMARKS.md, issue 26: {@code resgrow compare} with its runs one after the other in this process
 * (libtorch on every core) against the same compare with each run a task on {@code
 * local-cluster[2,1,1024]} (two executor JVMs of one core, a run on each at a time). Run through
 * {@code resgrow-spark/scripts/bench-spark.sh compare DATA IMAGES EPOCHS}.
 */
final class CompareBench {

    private CompareBench() {}

    public static void main(String[] args) throws Exception {
        String data = args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist";
        String images = args.length > 1 ? args[1] : "5000";
        String epochs = args.length > 2 ? args[2] : "3";
        Path out = Files.createTempDirectory("compare-bench");
        int cores = Runtime.getRuntime().availableProcessors();
        double here = time(compare(out.resolve("here"), data, images, epochs, Integer.toString(cores)));
        double spark = SparkTesting.withSettings(() ->
                time(compare(out.resolve("spark"), data, images, epochs, "1", "--spark", "local-cluster[2,1,1024]")));
        System.out.printf(
                Locale.ROOT,
                "one process, %d threads, runs in turn: %.1f s; local-cluster[2,1,1024], 1 thread a run, two at a"
                        + " time: %.1f s; ratio %.2f%n",
                cores,
                here,
                spark,
                spark / here);
    }

    private static List<String> compare(
            Path out, String data, String images, String epochs, String threads, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "compare",
                "--strategies",
                "plain,multilevel",
                "--seeds",
                "1,2",
                "--data",
                data,
                "--train-limit",
                images,
                "--epochs",
                epochs,
                "--blocks",
                "4,4,4",
                "--threads",
                threads,
                "--out",
                out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    private static double time(List<String> args) {
        long start = System.nanoTime();
        int code = ResgrowCli.execute(args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("compare failed: " + String.join(" ", args));
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
