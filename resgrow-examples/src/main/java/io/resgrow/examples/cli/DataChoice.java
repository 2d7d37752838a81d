package io.resgrow.examples.cli;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.datasets.Datasets;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.LoadProgress;
import io.resgrow.datasets.SyntheticDataset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves the {@code --data} option: {@code sample} (the bundled Fashion-MNIST subset), {@code
 * synthetic}, {@code fashion-mnist} (Debian's package or RESGROW_DATA) or a directory of IDX files.
 *
 * @param train the training set
 * @param test the test set
 */
public record DataChoice(ImageSet train, ImageSet test) {

    /** Where the bundled sample lives on the class path. */
    public static final String SAMPLE_RESOURCE = "/sample/fashion-mnist/";

    /** The sample's file names. */
    public static final List<String> SAMPLE_FILES = List.of(
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz");

    /**
     * Resolves a choice.
     *
     * @param data the option's value
     * @param seed the seed (for synthetic data)
     * @return the sets
     */
    public static DataChoice resolve(String data, long seed) {
        return resolve(data, seed, LoadProgress.NONE);
    }

    /**
     * Resolves a choice, telling a listener how far each file is read.
     *
     * @param data the option's value
     * @param seed the seed (for synthetic data)
     * @param progress who hears the reading
     * @return the sets
     */
    public static DataChoice resolve(String data, long seed, LoadProgress progress) {
        switch (data) {
            case "sample":
                return sample(progress);
            case "synthetic":
                return new DataChoice(
                        SyntheticDataset.create(2000, 10, 1, 28, 40, seed),
                        SyntheticDataset.create(500, 10, 1, 28, 40, seed + 1));
            case "fashion-mnist":
                return fashionMnist(null, progress);
            default:
                Path dir = Path.of(data);
                if (!Files.isDirectory(dir)) {
                    throw new InvalidSettingException(
                            "--data",
                            data,
                            "sample, synthetic, fashion-mnist, or a directory of IDX files",
                            "pick one of the names or pass an existing directory");
                }
                return fashionMnist(dir, progress);
        }
    }

    private static DataChoice fashionMnist(Path dir, LoadProgress progress) {
        return new DataChoice(Datasets.fashionMnist(dir, true, progress), Datasets.fashionMnist(dir, false, progress));
    }

    private static DataChoice sample(LoadProgress progress) {
        try {
            Path dir = Files.createTempDirectory("resgrow-sample");
            for (String f : SAMPLE_FILES) {
                try (InputStream in = DataChoice.class.getResourceAsStream(SAMPLE_RESOURCE + f)) {
                    if (in == null) {
                        throw new IllegalStateException("the bundled sample " + SAMPLE_RESOURCE + f
                                + " is missing from the class path: rebuild resgrow-examples");
                    }
                    Files.copy(in, dir.resolve(f));
                }
            }
            DataChoice choice = fashionMnist(dir, progress);
            for (String f : SAMPLE_FILES) {
                Files.delete(dir.resolve(f));
            }
            Files.delete(dir);
            return choice;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the bundled sample", e);
        }
    }
}
