package io.resgrow.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short description of a data set that changes when the data does: its size, classes and sample
 * shape, and a SHA-256 over up to 64 evenly spaced samples (pixels and labels). A resume compares
 * it with the checkpoint's, so training on by mistake with other data is refused.
 */
public final class DataFingerprint {

    private static final int SAMPLES = 64;

    private DataFingerprint() {}

    /**
     * Fingerprints a source.
     *
     * @param source the data, or null
     * @return e.g. {@code 1800 samples, 10 classes, 1x28x28, sha256 3fa1...}, or {@code none}
     */
    public static String of(BatchSource source) {
        if (source == null) {
            return "none";
        }
        int n = source.count();
        if (n == 0) {
            return "0 samples";
        }
        int k = Math.min(n, SAMPLES);
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            idx[i] = (int) ((long) i * n / k);
        }
        HostBatch b = source.batch(idx);
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(b.images().length * 4 + b.labels().length * 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(b.images());
        buf.position(b.images().length * 4);
        buf.asIntBuffer().put(b.labels());
        md.update(buf.array());
        return n + " samples, " + source.classes() + " classes, " + b.channels() + "x" + b.height() + "x" + b.width()
                + ", sha256 " + HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }
}
