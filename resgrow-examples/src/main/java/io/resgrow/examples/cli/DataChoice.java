package io.resgrow.examples.cli;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.datasets.Datasets;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.LoadProgress;
import io.resgrow.datasets.SyntheticDataset;
import io.resgrow.examples.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Resolves the {@code --data} option: {@code sample} (the bundled {@link Sample}), {@code
 * synthetic}, {@code fashion-mnist} (Debian's package or RESGROW_DATA) or a directory of IDX files.
 *
 * @param train the training set
 * @param test the test set
 */
public record DataChoice(ImageSet train, ImageSet test) {

    /** The names {@code --data} takes besides a directory. */
    public static final Set<String> NAMES = Set.of("sample", "synthetic", "fashion-mnist");

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
        Sample sample = Sample.load(progress);
        return new DataChoice(sample.train(), sample.test());
    }
}
