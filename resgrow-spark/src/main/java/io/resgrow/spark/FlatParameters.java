package io.resgrow.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * A block's parameters (BatchNorm's running statistics included) as one float array in the block's
 * order: what local SGD broadcasts, averages and loads.
 */
final class FlatParameters {

    private FlatParameters() {}

    static List<NDArray> arrays(Block block) {
        List<NDArray> arrays = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            arrays.add(p.getValue().getArray());
        }
        return arrays;
    }

    static int size(List<NDArray> arrays) {
        long n = 0;
        for (NDArray a : arrays) {
            n += a.size();
        }
        return Math.toIntExact(n);
    }

    static float[] of(List<NDArray> arrays) {
        float[] flat = new float[size(arrays)];
        int at = 0;
        for (NDArray a : arrays) {
            float[] v = a.toFloatArray();
            System.arraycopy(v, 0, flat, at, v.length);
            at += v.length;
        }
        return flat;
    }

    static void load(List<NDArray> arrays, float[] flat, int from) {
        int at = from;
        for (NDArray a : arrays) {
            int n = Math.toIntExact(a.size());
            float[] v = new float[n];
            System.arraycopy(flat, at, v, 0, n);
            a.set(v);
            at += n;
        }
    }

    /** A block's parameters followed by as many zeros (momentum that starts at rest): local SGD's state. */
    static float[] withZeroMomentum(Block block) {
        List<NDArray> arrays = arrays(block);
        int n = size(arrays);
        float[] state = new float[2 * n];
        System.arraycopy(of(arrays), 0, state, 0, n);
        return state;
    }
}
