package io.resgrow.datasets.io;

import io.resgrow.datasets.ImageSet;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes samples of a single-channel {@link ImageSet} as a gzip IDX pair (images, labels). */
public final class IdxWriter {

    private IdxWriter() {}

    /**
     * Writes the chosen samples.
     *
     * @param data the dataset (one channel)
     * @param indices the samples, in the order to write
     * @param images the images file to write ({@code .gz})
     * @param labels the labels file to write ({@code .gz})
     */
    public static void write(ImageSet data, int[] indices, Path images, Path labels) {
        if (data.sampleShape().get(0) != 1) {
            throw new IllegalArgumentException("IDX holds single-channel images; " + data + " has "
                    + data.sampleShape().get(0));
        }
        try {
            try (DataOutputStream out = open(images)) {
                out.writeInt(IdxReader.IMAGES_MAGIC);
                out.writeInt(indices.length);
                out.writeInt((int) data.sampleShape().get(1));
                out.writeInt((int) data.sampleShape().get(2));
                for (int i : indices) {
                    out.write(data.pixels(i));
                }
            }
            try (DataOutputStream out = open(labels)) {
                out.writeInt(IdxReader.LABELS_MAGIC);
                out.writeInt(indices.length);
                for (int i : indices) {
                    out.writeByte(data.label(i));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + images + " / " + labels, e);
        }
    }

    private static DataOutputStream open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(new GZIPOutputStream(raw, 1 << 16));
    }
}
