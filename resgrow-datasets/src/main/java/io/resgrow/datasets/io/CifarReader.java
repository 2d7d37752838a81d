package io.resgrow.datasets.io;

import io.resgrow.datasets.DatasetFormatException;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.LoadProgress;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the CIFAR binary formats: CIFAR-10 records of 1 label byte and 3,072 pixel bytes ({@code
 * data_batch_1..5.bin}, {@code test_batch.bin}), CIFAR-100 records of a coarse and a fine label
 * byte and 3,072 pixel bytes ({@code train.bin}, {@code test.bin}); from a directory or from the
 * official {@code .tar.gz} archive.
 */
public final class CifarReader {

    private static final int PIXELS = 3 * 32 * 32;

    /** Which CIFAR and which labels. */
    public enum Kind {
        /** CIFAR-10. */
        CIFAR10(1, 0, 10),
        /** CIFAR-100 with its 100 fine labels. */
        CIFAR100_FINE(2, 1, 100),
        /** CIFAR-100 with its 20 coarse labels. */
        CIFAR100_COARSE(2, 0, 20);

        final int labelBytes;
        final int labelOffset;
        final int classes;

        Kind(int labelBytes, int labelOffset, int classes) {
            this.labelBytes = labelBytes;
            this.labelOffset = labelOffset;
            this.classes = classes;
        }

        /**
         * Returns the file names of a split.
         *
         * @param train the training split, else the test split
         * @return the names
         */
        public List<String> files(boolean train) {
            if (this == CIFAR10) {
                return train
                        ? List.of(
                                "data_batch_1.bin",
                                "data_batch_2.bin",
                                "data_batch_3.bin",
                                "data_batch_4.bin",
                                "data_batch_5.bin")
                        : List.of("test_batch.bin");
            }
            return List.of(train ? "train.bin" : "test.bin");
        }
    }

    private CifarReader() {}

    /**
     * Reads a split from a directory holding the {@code .bin} files.
     *
     * @param dir the directory
     * @param kind which CIFAR
     * @param train the training split, else the test split
     * @return the dataset
     */
    public static ImageSet readDirectory(Path dir, Kind kind, boolean train) {
        return readDirectory(dir, kind, train, LoadProgress.NONE);
    }

    /**
     * Reads a split from a directory holding the {@code .bin} files, telling a listener how far the
     * reading of each file is.
     *
     * @param dir the directory
     * @param kind which CIFAR
     * @param train the training split, else the test split
     * @param progress who hears the reading
     * @return the dataset
     */
    public static ImageSet readDirectory(Path dir, Kind kind, boolean train, LoadProgress progress) {
        List<byte[]> parts = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String f : kind.files(train)) {
            Path file = dir.resolve(f);
            try (CountedInput in = CountedInput.open(file, progress)) {
                parts.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            files.add(file);
        }
        return decode(kind, train, files, parts);
    }

    /**
     * Reads a split from the official archive ({@code cifar-10-binary.tar.gz} or {@code
     * cifar-100-binary.tar.gz}).
     *
     * @param archive the archive
     * @param kind which CIFAR
     * @param train the training split, else the test split
     * @return the dataset
     */
    public static ImageSet readArchive(Path archive, Kind kind, boolean train) {
        return readArchive(archive, kind, train, LoadProgress.NONE);
    }

    /**
     * Reads a split from the official archive, telling a listener how many of the archive's
     * (compressed) bytes have been read.
     *
     * @param archive the archive
     * @param kind which CIFAR
     * @param train the training split, else the test split
     * @param progress who hears the reading
     * @return the dataset
     */
    public static ImageSet readArchive(Path archive, Kind kind, boolean train, LoadProgress progress) {
        Map<String, byte[]> wanted = new LinkedHashMap<>();
        kind.files(train).forEach(f -> wanted.put(f, null));
        try (CountedInput counted = CountedInput.open(archive, progress);
                InputStream in = new GZIPInputStream(counted, 1 << 16)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII)
                        .trim()
                        .replace("\0", "");
                long size = Long.parseLong(
                        new String(header, 124, 12, StandardCharsets.US_ASCII)
                                .trim()
                                .replace("\0", ""),
                        8);
                if (size < 0) {
                    throw new DatasetFormatException(
                            archive,
                            "tar header of " + name + " gives a negative" + " size " + size + ": a damaged archive");
                }
                String base = name.substring(name.lastIndexOf('/') + 1);
                long padded = (size + 511) / 512 * 512;
                if (wanted.containsKey(base) && size <= BinaryInput.MAX_BYTES) {
                    // readNBytes grows its buffer as data arrives: a lying size allocates nothing
                    byte[] member = in.readNBytes((int) size);
                    if (member.length < size) {
                        throw new DatasetFormatException(
                                archive,
                                "truncated: expected " + size + " bytes (member " + name + "), found " + member.length
                                        + " bytes");
                    }
                    wanted.put(base, member);
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
            if (!wanted.containsValue(null)) {
                counted.finish();
            }
        } catch (ZipException e) {
            throw new DatasetFormatException(archive, BinaryInput.gzipFault(e));
        } catch (EOFException e) {
            throw new DatasetFormatException(archive, "truncated: unexpected end of gzip stream");
        } catch (IOException | NumberFormatException e) {
            throw new DatasetFormatException(archive, "not a readable tar.gz archive: " + e.getMessage());
        }
        List<byte[]> parts = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : wanted.entrySet()) {
            if (e.getValue() == null) {
                throw new DatasetFormatException(archive, "has no member " + e.getKey());
            }
            parts.add(e.getValue());
            files.add(archive.resolve(e.getKey()));
        }
        return decode(kind, train, files, parts);
    }

    private static ImageSet decode(Kind kind, boolean train, List<Path> files, List<byte[]> parts) {
        int record = kind.labelBytes + PIXELS;
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            int len = parts.get(i).length;
            if (len == 0 || len % record != 0) {
                long whole = Math.max(1, (len + record - 1L) / record);
                throw new DatasetFormatException(
                        files.get(i),
                        "truncated: expected " + whole * record
                                + " bytes (" + whole + " whole " + record + "-byte " + kind + " records), found "
                                + len + " bytes: the last record is cut, or the file is not " + kind);
            }
            total += len / record;
        }
        if (total * PIXELS > BinaryInput.MAX_BYTES) {
            throw new DatasetFormatException(
                    files.get(0).getParent(),
                    "the " + total + " " + kind
                            + " records need " + total * PIXELS + " pixel bytes, more than the "
                            + BinaryInput.MAX_BYTES + " bytes one array can hold: read fewer files");
        }
        byte[] pixels = new byte[(int) total * PIXELS];
        int[] labels = new int[(int) total];
        int n = 0;
        for (int i = 0; i < parts.size(); i++) {
            byte[] part = parts.get(i);
            for (int off = 0; off < part.length; off += record, n++) {
                int label = part[off + kind.labelOffset] & 0xFF;
                if (label >= kind.classes) {
                    throw new DatasetFormatException(
                            files.get(i),
                            "label " + label + " of record " + (off / record) + " is outside [0, " + kind.classes
                                    + ")");
                }
                labels[n] = label;
                System.arraycopy(part, off + kind.labelBytes, pixels, n * PIXELS, PIXELS);
            }
        }
        return new ImageSet(kind + (train ? " train" : " test"), pixels, labels, kind.classes, 3, 32, 32);
    }
}
