package io.resgrow.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * A host batch converted for the device in reused direct buffers: images as float32 NCHW, labels
 * as int64, in native byte order, so that making the device arrays is one call each (on the CPU
 * libtorch uses the buffers as they are, no copy). A {@link Prefetcher} fills it on its thread
 * and takes it back once the step that used it has closed its arrays.
 */
public final class StagedBatch {

    private ByteBuffer images = ByteBuffer.allocateDirect(0);
    private ByteBuffer labels = ByteBuffer.allocateDirect(0);
    private HostBatch host;

    /** Creates an empty staging area (its buffers grow to the largest batch it holds). */
    public StagedBatch() {}

    /**
     * Converts a batch into the buffers, growing them only if it is larger than any before.
     *
     * @param batch the prepared batch (augmented, normalised)
     * @return this staging area
     */
    public StagedBatch fill(HostBatch batch) {
        int imageBytes = batch.images().length * Float.BYTES;
        int labelBytes = batch.count() * Long.BYTES;
        if (images.capacity() < imageBytes) {
            images = ByteBuffer.allocateDirect(imageBytes).order(ByteOrder.nativeOrder());
        }
        if (labels.capacity() < labelBytes) {
            labels = ByteBuffer.allocateDirect(labelBytes).order(ByteOrder.nativeOrder());
        }
        images.clear();
        images.asFloatBuffer().put(batch.images());
        LongBuffer l = labels.clear().asLongBuffer();
        for (int label : batch.labels()) {
            l.put(label);
        }
        host = batch;
        return this;
    }

    /**
     * Returns the batch as it was prepared in host memory.
     *
     * @return the host batch
     */
    public HostBatch host() {
        return host;
    }

    /**
     * Makes the device arrays: {@code [images, labels]}. On the CPU they use this staging area's
     * memory: close them (close {@code manager}) before the area is filled again.
     *
     * @param manager the manager that owns the new arrays (and so their device)
     * @return the images {@code (N, C, H, W)} float32 and the labels {@code (N)} int64
     */
    public NDList toDevice(NDManager manager) {
        HostBatch b = host;
        NDArray x = manager.create(
                view(images, b.images().length * Float.BYTES),
                new Shape(b.count(), b.channels(), b.height(), b.width()),
                DataType.FLOAT32);
        NDArray y = manager.create(view(labels, b.count() * Long.BYTES), new Shape(b.count()), DataType.INT64);
        return new NDList(x, y);
    }

    private static ByteBuffer view(ByteBuffer buffer, int bytes) {
        return buffer.slice(0, bytes).order(ByteOrder.nativeOrder());
    }
}
