package io.resgrow.examples;

import ai.djl.training.dataset.RandomAccessDataset;
import io.resgrow.datasets.Datasets;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.LoadProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Fashion-MNIST sample bundled in this module's jar: 5,000 training and 1,000 test images,
 * 1x28x28, 10 balanced classes, as resgrow {@link ImageSet}s, which are DJL {@link
 * RandomAccessDataset}s. Nothing is downloaded: {@code Sample.load().train()} in a script or a
 * program on the jar's class path is all it takes.
 *
 * @param train the 5,000 training images (in shuffled order, so any slice holds every class)
 * @param test the 1,000 test images
 */
public record Sample(ImageSet train, ImageSet test) {

    /** Where the sample lives on the class path. */
    public static final String RESOURCE = "/sample/fashion-mnist/";

    /** The sample's IDX file names. */
    public static final List<String> FILES = List.of(
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz");

    /** Fashion-MNIST's class names, by label. */
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * Loads the sample.
     *
     * @return the training and test sets
     */
    public static Sample load() {
        return load(LoadProgress.NONE);
    }

    /**
     * Loads the sample, telling a listener how far each file is read.
     *
     * @param progress who hears the reading
     * @return the training and test sets
     */
    public static Sample load(LoadProgress progress) {
        try {
            Path dir = unpack(Files.createTempDirectory("resgrow-sample"));
            Sample sample =
                    new Sample(Datasets.fashionMnist(dir, true, progress), Datasets.fashionMnist(dir, false, progress));
            for (String f : FILES) {
                Files.delete(dir.resolve(f));
            }
            Files.delete(dir);
            return sample;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the bundled sample", e);
        }
    }

    /**
     * Unpacks the sample's IDX files into a directory, as {@code --data DIR} and {@link
     * Datasets#fashionMnist} take them.
     *
     * @param dir an existing directory
     * @return dir
     * @throws IOException if a file cannot be written
     * @throws IllegalStateException if the sample is not on the class path
     */
    public static Path unpack(Path dir) throws IOException {
        for (String f : FILES) {
            try (InputStream in = Sample.class.getResourceAsStream(RESOURCE + f)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled sample " + RESOURCE + f
                            + " is missing from the class path: rebuild resgrow-examples");
                }
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir;
    }
}
