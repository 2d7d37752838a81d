package io.resgrow.examples.cli;

import io.resgrow.datasets.Datasets;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.io.IdxWriter;
import io.resgrow.datasets.split.Subsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Makes the bundled sample: a class-balanced, seeded subset of Fashion-MNIST (MIT licence, Zalando
 * Research), read from Debian's {@code dataset-fashion-mnist} or a given directory.
 */
@Command(
        name = "make-sample",
        mixinStandardHelpOptions = true,
        description = "Write the class-balanced Fashion-MNIST sample (IDX, gzip).")
public final class MakeSampleCommand implements Callable<Integer> {

    @Option(names = "--from", description = "directory of the full Fashion-MNIST (default: Debian's)")
    Path from;

    @Option(
            names = "--out",
            defaultValue = "resgrow-examples/src/main/resources/sample/fashion-mnist",
            description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--train", defaultValue = "5000", description = "training images (default: ${DEFAULT-VALUE})")
    int train;

    @Option(names = "--test", defaultValue = "1000", description = "test images (default: ${DEFAULT-VALUE})")
    int test;

    @Option(names = "--seed", defaultValue = "2026", description = "selection seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        ImageSet fullTrain = Datasets.fashionMnist(from, true);
        ImageSet fullTest = Datasets.fashionMnist(from, false);
        IdxWriter.write(
                fullTrain,
                Subsets.indices(fullTrain, train, seed, true),
                out.resolve("train-images-idx3-ubyte.gz"),
                out.resolve("train-labels-idx1-ubyte.gz"));
        IdxWriter.write(
                fullTest,
                Subsets.indices(fullTest, test, seed + 1, true),
                out.resolve("t10k-images-idx3-ubyte.gz"),
                out.resolve("t10k-labels-idx1-ubyte.gz"));
        System.out.println("wrote " + train + " train and " + test + " test images to " + out);
        return 0;
    }
}
