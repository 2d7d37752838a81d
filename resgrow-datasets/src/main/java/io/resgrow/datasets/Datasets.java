package io.resgrow.datasets;

import io.resgrow.datasets.io.CifarReader;
import io.resgrow.datasets.io.IdxReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and loads the standard datasets: from a given directory, else from {@code $RESGROW_DATA}
 * (and its sub-directory named after the dataset), else, for Fashion-MNIST, from where Debian's
 * {@code dataset-fashion-mnist} package puts it. Nothing is ever downloaded.
 */
public final class Datasets {

    /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private Datasets() {}

    /**
     * Loads Fashion-MNIST (10 classes, 1x28x28).
     *
     * @param dir a directory to look in first, or null
     * @param train the training split (60,000), else the test split (10,000)
     * @return the dataset
     */
    public static ImageDataset fashionMnist(Path dir, boolean train) {
        return idx("fashion-mnist", dir, train, List.of(DEBIAN_FASHION_MNIST),
                "apt-get install dataset-fashion-mnist, or pass the directory of the four IDX files");
    }

    /**
     * Loads MNIST-format IDX files from a directory ({@code train-images-idx3-ubyte[.gz]} etc.).
     *
     * @param name the dataset's name (also the sub-directory looked for under RESGROW_DATA)
     * @param dir a directory to look in first, or null
     * @param train which split
     * @param fallbacks further directories to look in
     * @param fix how to provide the files
     * @return the dataset
     */
    public static ImageDataset idx(String name, Path dir, boolean train, List<Path> fallbacks, String fix) {
        String prefix = train ? "train" : "t10k";
        List<String> files = List.of(prefix + "-images-idx3-ubyte[.gz]", prefix + "-labels-idx1-ubyte[.gz]");
        List<Path> places = places(name, dir, fallbacks);
        for (Path place : places) {
            Path images = existing(place, prefix + "-images-idx3-ubyte");
            Path labels = existing(place, prefix + "-labels-idx1-ubyte");
            if (images != null && labels != null) {
                return IdxReader.read(name + (train ? " train" : " test"), images, labels, 10);
            }
        }
        throw new DatasetNotFoundException(name, files, places, fix);
    }

    /**
     * Loads CIFAR-10 or CIFAR-100 from a directory of {@code .bin} files or an archive in it.
     *
     * @param dir a directory to look in first, or null
     * @param kind which CIFAR
     * @param train which split
     * @return the dataset
     */
    public static ImageDataset cifar(Path dir, CifarReader.Kind kind, boolean train) {
        String name = kind == CifarReader.Kind.CIFAR10 ? "cifar-10" : "cifar-100";
        String archive = name + "-binary.tar.gz";
        List<Path> places = places(name, dir, List.of());
        List<Path> expanded = new ArrayList<>();
        for (Path p : places) {
            expanded.add(p);
            expanded.add(p.resolve(kind == CifarReader.Kind.CIFAR10 ? "cifar-10-batches-bin" : "cifar-100-binary"));
        }
        for (Path place : expanded) {
            if (kind.files(train).stream().allMatch(f -> Files.isRegularFile(place.resolve(f)))) {
                return CifarReader.readDirectory(place, kind, train);
            }
            if (Files.isRegularFile(place.resolve(archive))) {
                return CifarReader.readArchive(place.resolve(archive), kind, train);
            }
        }
        List<String> files = new ArrayList<>(kind.files(train));
        files.add(archive);
        throw new DatasetNotFoundException(name, files, expanded,
                "copy the official binary files or archive there, or set RESGROW_DATA");
    }

    private static List<Path> places(String name, Path dir, List<Path> fallbacks) {
        List<Path> places = new ArrayList<>();
        if (dir != null) {
            places.add(dir);
        }
        String env = System.getenv("RESGROW_DATA");
        if (env != null && !env.isBlank()) {
            places.add(Path.of(env));
            places.add(Path.of(env, name));
        }
        places.addAll(fallbacks);
        return places;
    }

    private static Path existing(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
