package io.resgrow.core.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Writes an image folder (one sub-folder of PNGs per class), as DJL's {@code ImageFolder} reads it. */
public final class PngFolders {

    /**
     * One image written.
     *
     * @param className its class folder
     * @param rgb its pixels, row by row, each as red, green, blue (0-255)
     */
    public record Image(String className, int[] rgb) {

        /**
         * Returns the pixels in (C, H, W) order.
         *
         * @param size the image's height and width
         * @return the values, 0-255
         */
        public int[] chw(int size) {
            int[] out = new int[rgb.length];
            for (int p = 0; p < size * size; p++) {
                for (int c = 0; c < 3; c++) {
                    out[c * size * size + p] = rgb[p * 3 + c];
                }
            }
            return out;
        }
    }

    private PngFolders() {}

    /**
     * Writes {@code perClass} random RGB images of {@code size x size} into a folder per class.
     *
     * @param root the folder to fill
     * @param classes the class folders' names
     * @param perClass images per class
     * @param size height and width
     * @param seed the pixels' seed
     * @return the images written
     */
    public static List<Image> write(Path root, List<String> classes, int perClass, int size, long seed) {
        Random random = new Random(seed);
        List<Image> written = new ArrayList<>();
        try {
            for (String name : classes) {
                Path dir = Files.createDirectories(root.resolve(name));
                for (int k = 0; k < perClass; k++) {
                    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                    int[] rgb = new int[size * size * 3];
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            int p = (y * size + x) * 3;
                            for (int c = 0; c < 3; c++) {
                                rgb[p + c] = random.nextInt(256);
                            }
                            image.setRGB(x, y, (rgb[p] << 16) | (rgb[p + 1] << 8) | rgb[p + 2]);
                        }
                    }
                    ImageIO.write(image, "png", dir.resolve("img-" + k + ".png").toFile());
                    written.add(new Image(name, rgb));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }
}
