package io.resgrow.datasets;

/**
 * Hears a dataset file being read: how many of its bytes on disk (compressed bytes for a gzip file
 * or archive) have been read so far. For each file the counts rise and end at its size once the
 * file has been read whole. Called on the reading thread, often (every buffer): keep it cheap, and
 * draw or log at a pace of your own. The library itself never prints.
 */
@FunctionalInterface
public interface LoadProgress {

    /** Hears nothing. */
    LoadProgress NONE = (file, done, total) -> {};

    /**
     * Some bytes of a file were read.
     *
     * @param file the file's name (without its directory)
     * @param done the bytes read so far, in {@code [0, total]}
     * @param total the file's size in bytes
     */
    void read(String file, long done, long total);
}
