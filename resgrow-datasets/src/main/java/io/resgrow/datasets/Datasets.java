package io.resgrow.datasets;

import io.resgrow.datasets.io.CifarReader;
import io.resgrow.datasets.io.IdxReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds and loads the standard datasets. A given directory is the only place looked in: a file
 * missing there is a {@link DatasetNotFoundException} naming it, never a silent fall back to
 * another copy. Without a directory, the search looks in {@code $RESGROW_DATA} (and its
 * sub-directory named after the dataset), then, for Fashion-MNIST, where Debian's {@code
 * dataset-fashion-mnist} package puts it. Nothing is ever downloaded.
 */
public final class Datasets {

    /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private Datasets() {}

    /**
     * Loads Fashion-MNIST (10 classes, 1x28x28).
     *
     * @param dir the only directory to look in, or null to search RESGROW_DATA then Debian's copy
     * @param train the training split (60,000), else the test split (10,000)
     * @return the dataset
     */
    public static ImageSet fashionMnist(Path dir, boolean train) {
        return fashionMnist(dir, train, LoadProgress.NONE);
    }

    /**
     * Loads Fashion-MNIST (10 classes, 1x28x28), telling a listener how far the reading of each
     * file is.
     *
     * @param dir the only directory to look in, or null to search RESGROW_DATA then Debian's copy
     * @param train the training split (60,000), else the test split (10,000)
     * @param progress who hears the reading
     * @return the dataset
     */
    public static ImageSet fashionMnist(Path dir, boolean train, LoadProgress progress) {
        return idx(
                "fashion-mnist",
                dir,
                train,
                List.of(DEBIAN_FASHION_MNIST),
                "apt-get install dataset-fashion-mnist, or pass the directory of the four IDX files",
                System.getenv("RESGROW_DATA"),
                progress);
    }

    /**
     * Loads MNIST-format IDX files from a directory ({@code train-images-idx3-ubyte[.gz]} etc.).
     *
     * @param name the dataset's name (also the sub-directory looked for under RESGROW_DATA)
     * @param dir the only directory to look in, or null to look in RESGROW_DATA then the fallbacks
     * @param train which split
     * @param fallbacks further directories to look in when no directory is given
     * @param fix how to provide the files, for a search that finds none
     * @return the dataset
     * @throws DatasetNotFoundException if a file is missing from the given directory, or no place
     *     of the search holds both files
     */
    public static ImageSet idx(String name, Path dir, boolean train, List<Path> fallbacks, String fix) {
        return idx(name, dir, train, fallbacks, fix, System.getenv("RESGROW_DATA"), LoadProgress.NONE);
    }

    static ImageSet idx(String name, Path dir, boolean train, List<Path> fallbacks, String fix, String env) {
        return idx(name, dir, train, fallbacks, fix, env, LoadProgress.NONE);
    }

    static ImageSet idx(
            String name, Path dir, boolean train, List<Path> fallbacks, String fix, String env, LoadProgress progress) {
        String prefix = train ? "train" : "t10k";
        List<String> bases = List.of(prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte");
        List<String> files = bases.stream().map(base -> base + "[.gz]").toList();
        Function<Path, List<String>> missing = place -> bases.stream()
                .filter(base -> existing(place, base) == null)
                .map(base -> base + "[.gz]")
                .toList();
        Path place = dir != null
                ? inGiven(name, dir, List.of(), missing, "", fallbacks)
                : searched(name, places(name, env, fallbacks), missing, files, fix);
        return IdxReader.read(
                name + (train ? " train" : " test"),
                existing(place, bases.get(0)),
                existing(place, bases.get(1)),
                10,
                progress);
    }

    /**
     * Loads CIFAR-10 or CIFAR-100 from a directory of {@code .bin} files or an archive in it.
     *
     * @param dir the only directory to look in (with the archive's own sub-directory in it), or null
     *     to look in RESGROW_DATA
     * @param kind which CIFAR
     * @param train which split
     * @return the dataset
     * @throws DatasetNotFoundException if the given directory, or every place searched, holds
     *     neither all the split's files nor the archive
     */
    public static ImageSet cifar(Path dir, CifarReader.Kind kind, boolean train) {
        return cifar(dir, kind, train, LoadProgress.NONE);
    }

    /**
     * Loads CIFAR-10 or CIFAR-100 as {@link #cifar(Path, CifarReader.Kind, boolean)} does, telling a
     * listener how far the reading of each file (or of the archive) is.
     *
     * @param dir the only directory to look in, or null to look in RESGROW_DATA
     * @param kind which CIFAR
     * @param train which split
     * @param progress who hears the reading
     * @return the dataset
     */
    public static ImageSet cifar(Path dir, CifarReader.Kind kind, boolean train, LoadProgress progress) {
        return cifar(dir, kind, train, System.getenv("RESGROW_DATA"), progress);
    }

    static ImageSet cifar(Path dir, CifarReader.Kind kind, boolean train, String env) {
        return cifar(dir, kind, train, env, LoadProgress.NONE);
    }

    static ImageSet cifar(Path dir, CifarReader.Kind kind, boolean train, String env, LoadProgress progress) {
        String name = kind == CifarReader.Kind.CIFAR10 ? "cifar-10" : "cifar-100";
        String archive = name + "-binary.tar.gz";
        List<String> subs = List.of(kind == CifarReader.Kind.CIFAR10 ? "cifar-10-batches-bin" : "cifar-100-binary");
        Function<Path, List<String>> missing = place -> Files.isRegularFile(place.resolve(archive))
                ? List.of()
                : kind.files(train).stream()
                        .filter(f -> !Files.isRegularFile(place.resolve(f)))
                        .toList();
        Path place;
        if (dir != null) {
            place = inGiven(name, dir, subs, missing, " (or " + archive + ")", List.of());
        } else {
            List<String> files = new ArrayList<>(kind.files(train));
            files.add(archive);
            place = searched(
                    name,
                    withSubs(places(name, env, List.of()), subs),
                    missing,
                    files,
                    "copy the official binary files or archive there, or set RESGROW_DATA");
        }
        return kind.files(train).stream().allMatch(f -> Files.isRegularFile(place.resolve(f)))
                ? CifarReader.readDirectory(place, kind, train, progress)
                : CifarReader.readArchive(place.resolve(archive), kind, train, progress);
    }

    /**
     * Returns the given directory, or the sub-directory its dataset's layout names, if it holds the
     * dataset; a given directory is the only place looked in.
     *
     * @param alternative what could stand in for the missing files, for the message
     * @param fallbacks the places besides RESGROW_DATA a search without a directory looks in
     */
    private static Path inGiven(
            String name,
            Path dir,
            List<String> subs,
            Function<Path, List<String>> missing,
            String alternative,
            List<Path> fallbacks) {
        List<Path> places = withSubs(List.of(dir), subs);
        return firstHolding(places, missing).orElseThrow(() -> {
            Path closest = places.stream()
                    .min(Comparator.comparingInt(p -> missing.apply(p).size()))
                    .orElseThrow();
            return DatasetNotFoundException.inGivenDirectory(
                    name,
                    dir,
                    closest,
                    missing.apply(closest),
                    "copy the missing files" + alternative + " into " + closest + ", or give no directory to"
                            + " search $RESGROW_DATA" + (fallbacks.isEmpty() ? "" : " and " + fallbacks));
        });
    }

    /** Returns the first place of the search that holds the dataset. */
    private static Path searched(
            String name, List<Path> places, Function<Path, List<String>> missing, List<String> files, String fix) {
        return firstHolding(places, missing).orElseThrow(() -> new DatasetNotFoundException(name, files, places, fix));
    }

    private static Optional<Path> firstHolding(List<Path> places, Function<Path, List<String>> missing) {
        return places.stream().filter(place -> missing.apply(place).isEmpty()).findFirst();
    }

    private static List<Path> withSubs(List<Path> places, List<String> subs) {
        List<Path> out = new ArrayList<>();
        for (Path p : places) {
            out.add(p);
            subs.forEach(sub -> out.add(p.resolve(sub)));
        }
        return out;
    }

    /** RESGROW_DATA (and its sub-directory named after the dataset), then the fallbacks. */
    private static List<Path> places(String name, String env, List<Path> fallbacks) {
        List<Path> places = new ArrayList<>();
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
