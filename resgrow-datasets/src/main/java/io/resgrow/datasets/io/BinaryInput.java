package io.resgrow.datasets.io;

import io.resgrow.datasets.DatasetFormatException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens a dataset file, gzip or raw (told apart by the gzip magic bytes), and reads it exactly. */
final class BinaryInput implements AutoCloseable {

    private final Path file;
    private final DataInputStream in;
    private long contentSize = -1;

    BinaryInput(Path file) throws IOException {
        this.file = file;
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        this.in = new DataInputStream(gzip
                ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16)
                : raw);
        long size = Files.size(file);
        if (!gzip) {
            contentSize = size;
        } else if (size >= 18) {
            // the gzip trailer's ISIZE: the uncompressed size modulo 2^32 (exact below 4 GiB)
            try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                ch.position(size - 4);
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // read the 4 bytes
                }
                contentSize = Integer.toUnsignedLong(buf.getInt(0));
            }
        }
    }

    /**
     * Returns the size of the content (uncompressed), or -1 if unknown.
     */
    long contentSize() {
        return contentSize;
    }

    /**
     * Checks, before any large allocation, that the content has exactly the announced size.
     */
    void expectContentSize(long expected, String what) {
        if (contentSize < 0 || expected >= (1L << 32)) {
            return;
        }
        if (contentSize < expected) {
            throw new DatasetFormatException(file, "truncated: the header announces " + what + " ("
                    + expected + " bytes) but the content has " + contentSize + " bytes");
        }
        if (contentSize > expected) {
            throw new DatasetFormatException(file, "has " + (contentSize - expected)
                    + " bytes after the " + what + " the header announces");
        }
    }

    BinaryInput(Path file, InputStream stream) {
        this.file = file;
        this.in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
    }

    Path file() {
        return file;
    }

    int readInt(String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "truncated: the file ends inside the " + what);
        }
    }

    void readFully(byte[] buffer, String what) throws IOException {
        try {
            in.readFully(buffer);
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "truncated: the file ends inside the " + what
                    + " (" + buffer.length + " bytes expected)");
        }
    }

    /**
     * Reads up to {@code buffer.length} bytes, returning how many were read before the end.
     */
    int readAtMost(byte[] buffer) throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int n = in.read(buffer, total, buffer.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    boolean atEnd() throws IOException {
        in.mark(1);
        int b = in.read();
        if (b < 0) {
            return true;
        }
        in.reset();
        return false;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
