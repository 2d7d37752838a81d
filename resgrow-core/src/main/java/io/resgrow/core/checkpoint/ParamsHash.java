package io.resgrow.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 over every parameter of a block, BatchNorm running statistics included, in the block's
 * parameter order: for each parameter its name, its shape and its values as little-endian float32.
 * Two runs that end with equal hashes ended with bit-identical networks.
 */
public final class ParamsHash {

    private ParamsHash() {}

    /**
     * Hashes a block's parameters.
     *
     * @param block an initialised block
     * @return lower-case hex SHA-256
     */
    public static String of(Block block) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Pair<String, Parameter> pair : block.getParameters()) {
                md.update(pair.getKey().getBytes(StandardCharsets.UTF_8));
                NDArray array = pair.getValue().getArray();
                for (long d : array.getShape().getShape()) {
                    md.update(ByteBuffer.allocate(8)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putLong(d)
                            .array());
                }
                float[] values = array.toFloatArray();
                ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(values);
                md.update(buf.array());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
