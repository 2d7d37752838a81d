package io.resgrow.datasets.io;

import io.resgrow.datasets.LoadProgress;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file's raw input stream that tells a {@link LoadProgress} how many of the file's bytes have been
 * read, at most {@link #STEP} bytes at a time. {@link #finish()} reports the whole file once a reader is done with
 * it, for formats whose
 * reader stops before the end (a tar archive's padding, a gzip trailer).
 */
final class CountedInput extends FilterInputStream {

    /** The most read in one call, so that a large raw file advances in steps rather than at once. */
    static final int STEP = 1 << 18;

    private final String name;
    private final long total;
    private final LoadProgress progress;
    private long done;

    private CountedInput(InputStream in, String name, long total, LoadProgress progress) {
        super(in);
        this.name = name;
        this.total = total;
        this.progress = progress;
    }

    /**
     * Returns the file's size when it was opened.
     *
     * @return bytes
     */
    long size() {
        return total;
    }

    /**
     * Opens a file, reporting 0 of its size first.
     *
     * @param file the file
     * @param progress who hears the reading (null for nobody)
     * @return the stream
     * @throws IOException if the file cannot be opened
     */
    static CountedInput open(Path file, LoadProgress progress) throws IOException {
        long size = Files.size(file);
        CountedInput in = new CountedInput(
                Files.newInputStream(file),
                file.getFileName().toString(),
                size,
                progress == null ? LoadProgress.NONE : progress);
        in.progress.read(in.name, 0, size);
        return in;
    }

    /**
     * Reports the whole file read, if the reader stopped short of its end (once only).
     */
    void finish() {
        if (done < total) {
            done = total;
            progress.read(name, done, total);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, Math.min(len, STEP));
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            advance(skipped);
        }
        return skipped;
    }

    private void advance(long n) {
        // a file that grows while it is read never reports past the size it had when opened
        done = Math.min(total, done + n);
        progress.read(name, done, total);
    }
}
