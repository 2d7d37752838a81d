import ai.djl.basicdataset.cv.classification.ImageFolder;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.resgrow.core.data.DjlDataset;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The one-time read of DjlDataset over basicdataset's ImageFolder, against one pass of DJL's own
 * loader over the same folder (what DJL's Trainer pays every epoch). Writes COUNT random 32x32 RGB
 * PNGs in 10 class folders under a temporary directory (deleted at the end), then, ROUNDS times in
 * alternation: DjlDataset.of(folder) and a pass of folder.getData(manager) at batch 128.
 *
 * <p>Run from the repository's root after {@code mvn -B -q package -DskipTests}:
 * {@code java -cp resgrow-bench/target/resgrow-bench.jar:$HOME/.m2/repository/ai/djl/basicdataset/0.35.1/basicdataset-0.35.1.jar resgrow-bench/scripts/ImageFolderRead.java 10000 3}
 */
public final class ImageFolderRead {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("imagefolder-read");
        try {
            write(dir, count);
            for (int round = 1; round <= rounds; round++) {
                ImageFolder folder = ImageFolder.builder().setRepositoryPath(dir).setSampling(128, true).build();
                folder.prepare();
                DjlDataset data = DjlDataset.of(folder);
                double pass = djlPass(folder);
                System.out.println(String.format(
                        Locale.ROOT,
                        "round %d: DjlDataset.of %.2f s (%.0f images/s, %.1f MB held), one pass of DJL's getData"
                                + " %.2f s (%.0f images/s): %s",
                        round,
                        data.readSeconds(),
                        count / data.readSeconds(),
                        data.hostBytes() / 1e6,
                        pass,
                        count / pass,
                        data));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static void write(Path dir, int count) throws Exception {
        Random random = new Random(1);
        for (int i = 0; i < count; i++) {
            Path classDir = Files.createDirectories(dir.resolve("class-" + (i % 10)));
            BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    image.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            ImageIO.write(image, "png", classDir.resolve("img-" + i + ".png").toFile());
        }
    }

    private static double djlPass(ImageFolder folder) throws Exception {
        long t0 = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : folder.getData(manager)) {
                batch.close();
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
