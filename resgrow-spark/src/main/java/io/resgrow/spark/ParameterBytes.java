package io.resgrow.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A block's parameters (BatchNorm's running statistics included) as bytes, in the block's order,
 * each with its name and DJL's encoding of the array (shape, type, values): what a branch task
 * receives and sends back. Loading copies the values into the block's own arrays, bit for bit.
 */
final class ParameterBytes {

    private ParameterBytes() {}

    static byte[] of(Block block) {
        List<Pair<String, Parameter>> params = block.getParameters().stream().toList();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(params.size());
            for (Pair<String, Parameter> p : params) {
                byte[] encoded = p.getValue().getArray().encode();
                out.writeUTF(p.getKey());
                out.writeInt(encoded.length);
                out.write(encoded);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void load(Block block, byte[] data) {
        List<Pair<String, Parameter>> params = block.getParameters().stream().toList();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
                NDManager scratch = NDManager.newBaseManager()) {
            int count = in.readInt();
            if (count != params.size()) {
                throw new IllegalArgumentException(
                        "the bytes hold " + count + " parameters, the block has " + params.size());
            }
            for (Pair<String, Parameter> p : params) {
                String name = in.readUTF();
                if (!name.equals(p.getKey())) {
                    throw new IllegalArgumentException("parameter " + p.getKey() + " received as " + name);
                }
                byte[] encoded = new byte[in.readInt()];
                in.readFully(encoded);
                NDArray target = p.getValue().getArray();
                NDArray value = NDArray.decode(scratch, encoded).toDevice(target.getDevice(), false);
                if (!value.getShape().equals(target.getShape())) {
                    throw new IllegalArgumentException(
                            name + " has shape " + target.getShape() + ", received " + value.getShape());
                }
                value.copyTo(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
