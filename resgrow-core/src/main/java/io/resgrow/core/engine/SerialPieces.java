package io.resgrow.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.function.Consumer;

/**
 * Element-wise work on large CPU arrays done piece by piece, each piece below libtorch's grain size
 * (32,768 elements), so that every operation runs on the calling thread instead of opening an
 * OpenMP parallel region. An optimizer update is a handful of small operations per parameter with
 * Java in between, long enough for a passively waiting OpenMP worker to fall asleep; waking it for
 * each operation cost more than the work (resgrow's SGD update of ResNet-20, 30 such regions a step,
 * took 0.6 ms in some processes and up to 3.6 ms in others under the launcher's passive wait
 * policy; in pieces, 0.96-1.41 ms). The pieces are views along the first axis (slices, never
 * copies, whatever the strides), so in-place operations on them change the arrays. Only under a
 * passive wait policy ({@link SharedCores#passive()}): where the workers spin, the pieces' extra
 * native calls cost more than the regions (0.80-1.11 ms against 0.66-0.85 whole). Arrays on other
 * devices, small arrays, and arrays whose first-axis slice alone exceeds the grain size are used
 * whole.
 */
public final class SerialPieces {

    /** libtorch's {@code at::internal::GRAIN_SIZE}: element-wise kernels on fewer run serially. */
    public static final long GRAIN = 32_768;

    private SerialPieces() {}

    /**
     * Returns where to cut an array along its first axis, or nothing if it is used whole.
     *
     * @param a the array
     * @return the first-axis indices where pieces start (after the first), ascending
     */
    public static long[] cuts(NDArray a) {
        Shape shape = a.getShape();
        long size = shape.size();
        if (size <= GRAIN || !a.getDevice().getDeviceType().equals(Device.Type.CPU)) {
            return new long[0];
        }
        long rows = shape.get(0);
        long perRow = size / rows;
        if (perRow > GRAIN) {
            return new long[0];
        }
        long pieces = (size + GRAIN - 1) / GRAIN;
        long step = Math.min(GRAIN / perRow, (rows + pieces - 1) / pieces);
        long[] cuts = new long[(int) ((rows - 1) / step)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * step;
        }
        return cuts;
    }

    /**
     * Runs element-wise work on matching pieces of arrays of one shape (e.g. a weight, its gradient
     * and its optimizer state), or once on the arrays whole.
     *
     * @param arrays arrays of the same shape and device; the first decides the cuts
     * @param work the work, given one piece of each array in the same order
     */
    public static void forEach(NDArray[] arrays, Consumer<NDArray[]> work) {
        forEach(arrays, SharedCores.passive() ? cuts(arrays[0]) : new long[0], work);
    }

    /**
     * {@link #forEach(NDArray[], Consumer)} with the cuts given.
     *
     * @param arrays the arrays
     * @param cuts where to cut the first axis, nothing to use the arrays whole
     * @param work the work
     */
    static void forEach(NDArray[] arrays, long[] cuts, Consumer<NDArray[]> work) {
        // whole, and never through split: DJL's split with no cut returns the array itself in a list,
        // whose closing below would close the array
        if (cuts.length == 0) {
            work.accept(arrays);
            return;
        }
        for (NDArray a : arrays) {
            if (!a.getShape().equals(arrays[0].getShape())) {
                throw new IllegalArgumentException(
                        "arrays cut alike must have one shape: " + a.getShape() + " and " + arrays[0].getShape());
            }
        }
        NDList[] split = new NDList[arrays.length];
        try {
            for (int i = 0; i < arrays.length; i++) {
                split[i] = arrays[i].split(cuts, 0);
            }
            for (int p = 0; p <= cuts.length; p++) {
                NDArray[] piece = new NDArray[arrays.length];
                for (int i = 0; i < arrays.length; i++) {
                    piece[i] = split[i].get(p);
                }
                work.accept(piece);
            }
        } finally {
            for (NDList views : split) {
                if (views != null) {
                    views.close();
                }
            }
        }
    }
}
