package io.resgrow.datasets.io;

import io.resgrow.datasets.DatasetFormatException;
import io.resgrow.datasets.LoadProgress;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a dataset file, gzip or raw (told apart by the gzip magic bytes), and reads a header and a
 * body whose size the header announces. Sizes are checked before any large allocation: a raw
 * file's size is compared with the announced size before reading; a gzip file's body is read into
 * a buffer that grows only as data arrives, up to the announced size and one byte more, so a lying
 * header cannot cause a large allocation. Every fault of the file (truncation, trailing bytes, a
 * damaged gzip stream) is a {@link DatasetFormatException} naming the file; only a failure of the
 * file system is an {@link UncheckedIOException}.
 */
final class BinaryInput implements AutoCloseable {

    /** The largest body read into one array. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private static final int CHUNK = 1 << 16;

    private final Path file;
    private final boolean gzip;
    private final long fileSize;
    private final InputStream in;
    private final CountedInput counted;
    /** Content bytes consumed so far (uncompressed, for gzip). */
    private long position;

    /**
     * Opens a file.
     *
     * @param file the file
     * @param progress who hears how many of the file's bytes have been read
     */
    BinaryInput(Path file, LoadProgress progress) {
        this.file = file;
        try {
            this.counted = CountedInput.open(file, progress);
            this.fileSize = counted.size();
            InputStream raw = new BufferedInputStream(counted, CHUNK);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            this.gzip = b0 == 0x1f && b1 == 0x8b;
            this.in = gzip ? openGzip(raw) : raw;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private InputStream openGzip(InputStream raw) throws IOException {
        try {
            return new GZIPInputStream(raw, CHUNK);
        } catch (EOFException e) {
            raw.close();
            throw new DatasetFormatException(
                    file,
                    "truncated or damaged gzip header: unexpected end of"
                            + " gzip stream inside the gzip header (a gzip header has at least 10 bytes, the"
                            + " file has " + fileSize + "): the file is cut, or the header's flag byte is damaged");
        } catch (ZipException e) {
            raw.close();
            throw new DatasetFormatException(file, gzipFault(e));
        }
    }

    /**
     * Describes a damaged gzip stream in words a user can act on.
     *
     * @param e what {@link GZIPInputStream} threw
     * @return the cause
     */
    static String gzipFault(ZipException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("Not in GZIP format") || m.startsWith("Unsupported compression method")) {
            return "not in gzip format (" + m + "): the gzip header is damaged";
        }
        if (m.startsWith("Corrupt GZIP header")) {
            return "corrupt gzip header (its CRC does not match)";
        }
        if (m.startsWith("Corrupt GZIP trailer")) {
            return "CRC mismatch / corrupt deflate data: the gzip trailer's CRC or size does not match"
                    + " the decompressed data";
        }
        return "corrupt deflate data in the gzip stream (" + m + ")";
    }

    Path file() {
        return file;
    }

    /**
     * Reads the first bytes of the content.
     *
     * @param size the header's size
     * @param what the header's name, for messages
     * @return the header, big-endian
     */
    ByteBuffer readHeader(int size, String what) {
        byte[] header = new byte[size];
        int n = readAtMost(header, 0, size, size, what);
        if (n < size) {
            throw truncated(size, what, n);
        }
        return ByteBuffer.wrap(header);
    }

    /**
     * Reads the rest of the content, which must be exactly {@code bytes} long.
     *
     * @param bytes the size the header announces
     * @param what what the header announces, for messages
     * @return the body
     */
    byte[] readBody(long bytes, String what) {
        long expected = position + bytes;
        String announced = what + " after the " + position + "-byte header";
        if (bytes > MAX_BYTES) {
            if (gzip) {
                skip(bytes, expected, announced);
            }
            long found = gzip ? position : fileSize;
            throw new DatasetFormatException(
                    file,
                    "header claims absurd sizes: " + what + " need "
                            + bytes + " bytes, more than the " + MAX_BYTES + " bytes one array can hold"
                            + (found < expected ? "; truncated: " + sizes(expected, announced, found) : ""));
        }
        if (!gzip) {
            checkSize(expected, fileSize, announced);
        }
        int size = (int) bytes;
        byte[] body = new byte[(int) Math.min(size, gzip ? Math.max(CHUNK, 4 * fileSize) : size)];
        int n = 0;
        while (n < size) {
            if (n == body.length) {
                body = Arrays.copyOf(body, (int) Math.min(size, 2L * body.length));
            }
            int r = readAtMost(body, n, body.length - n, expected, announced);
            if (r == 0) {
                break;
            }
            n += r;
        }
        skip(Long.MAX_VALUE, expected, announced);
        checkSize(expected, position, announced);
        counted.finish();
        return body;
    }

    private void checkSize(long expected, long found, String what) {
        if (found < expected) {
            throw truncated(expected, what, found);
        }
        if (found > expected) {
            throw new DatasetFormatException(
                    file,
                    "has " + (found - expected) + " bytes after the " + what + ": " + sizes(expected, what, found));
        }
    }

    private DatasetFormatException truncated(long expected, String what, long found) {
        return new DatasetFormatException(file, "truncated: " + sizes(expected, what, found));
    }

    private String sizes(long expected, String what, long found) {
        return "expected " + expected + " bytes (" + what + "), found " + found + " bytes"
                + (gzip ? " (uncompressed)" : "");
    }

    /**
     * Reads up to {@code len} bytes, returning how many were read before the end of the content.
     */
    private int readAtMost(byte[] buffer, int off, int len, long expected, String what) {
        int total = 0;
        try {
            while (total < len) {
                int n = in.read(buffer, off + total, len - total);
                if (n < 0) {
                    break;
                }
                total += n;
                position += n;
            }
            return total;
        } catch (EOFException e) {
            String end = "unexpected end of gzip stream (the compressed file has " + fileSize
                    + " bytes: it is cut, or corrupt deflate data ran past its end)";
            throw new DatasetFormatException(
                    file,
                    position < expected
                            ? "truncated: " + sizes(expected, what, position) + " before an " + end
                            : "truncated: the gzip trailer (CRC and size) is cut after all " + expected + " bytes ("
                                    + what + ") were found: " + end);
        } catch (ZipException e) {
            throw new DatasetFormatException(file, gzipFault(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Reads and discards up to {@code limit} bytes (counted in {@link #position}), without holding
     * them.
     */
    private void skip(long limit, long expected, String what) {
        byte[] scratch = new byte[CHUNK];
        for (long left = limit; left > 0; ) {
            int n = readAtMost(scratch, 0, (int) Math.min(scratch.length, left), expected, what);
            if (n == 0) {
                return;
            }
            left -= n;
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
