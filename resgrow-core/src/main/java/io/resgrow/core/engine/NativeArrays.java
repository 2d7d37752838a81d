package io.resgrow.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Array operations whose results own their memory natively, for every place where DJL's
 * convenience forms would hand libtorch memory that a Java object owns.
 *
 * <p>Why this class exists (the cause of a garbage-collector-dependent training bug): on the CPU,
 * DJL's PyTorch engine builds a tensor from Java data ({@code manager.create(float)}, {@code
 * create(float[])}, {@code NDArray.set(Buffer)} and so {@code copyTo}) on a direct {@code
 * ByteBuffer} <em>without copying</em>; only the Java {@code NDArray} keeps that buffer alive.
 * {@code x.muli(0.5)} creates such a scalar, multiplies, and closes the scalar at once; but autograd
 * saved the scalar for the backward pass. When the collector frees the buffer between forward and
 * backward, the gradient is multiplied by whatever the reused memory holds. Residual blocks with
 * step size {@code h != 1} (every block after a multi-level interpolation) did exactly this, so two
 * runs with one seed parted ways once the network had grown. {@code copyTo}, likewise, made a
 * parameter's storage a Java buffer with no native owner.
 *
 * <p>The rule: inside a forward pass, scale by {@link #scalar} (natively allocated, kept alive by
 * autograd after its Java object closes), never by a {@code Number}; copy into parameters with
 * {@link #copyInto}, never with {@code copyTo} or {@code set(Buffer)}. Input batches are made from
 * Java data too, and are safe because their Java arrays stay open until the step's backward pass
 * is done (the step's sub-manager closes after it).
 */
public final class NativeArrays {

    private static final NDIndex ALL = new NDIndex("...");

    private NativeArrays() {}

    /**
     * Returns a 0-dimensional array holding {@code value}, allocated by libtorch on the device of
     * {@code like} with its data type, attached to {@code like}'s manager.
     *
     * @param like the array the scalar will be combined with
     * @param value the value
     * @return the scalar
     */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType(), like.getDevice());
    }

    /**
     * Copies values into an existing array in place, in native memory: the target keeps its own
     * storage (no Java buffer becomes its memory), its device and its gradient flag; a source on
     * another device is copied there first. Run it outside a gradient collector.
     *
     * @param source the values
     * @param target the array to overwrite, same shape as the source
     * @throws IllegalArgumentException if the shapes differ
     */
    public static void copyInto(NDArray source, NDArray target) {
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException(
                    "cannot copy an array of shape " + source.getShape() + " into one of shape " + target.getShape());
        }
        if (source.getDevice().equals(target.getDevice())) {
            target.set(ALL, source);
            return;
        }
        try (NDArray there = source.toDevice(target.getDevice(), true)) {
            target.set(ALL, there);
        }
    }

    /**
     * Sets every element of an array to {@code value} in place, whatever it held before (unlike
     * {@code a.subi(a)}, which turns an infinity into NaN). Run it outside a gradient collector.
     *
     * @param target the array
     * @param value the value
     */
    public static void fill(NDArray target, double value) {
        try (NDArray v = scalar(target, value)) {
            fill(target, v);
        }
    }

    /**
     * Sets every element of an array to a scalar's value in place (a caller filling many arrays
     * reuses one {@link #scalar}). Run it outside a gradient collector.
     *
     * @param target the array
     * @param scalar a 0-dimensional array on the target's device, of its data type
     */
    public static void fill(NDArray target, NDArray scalar) {
        target.set(ALL, scalar);
    }
}
