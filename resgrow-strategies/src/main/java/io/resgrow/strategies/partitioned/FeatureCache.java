package io.resgrow.strategies.partitioned;

import ai.djl.Device;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.data.FloatArraySource;
import io.resgrow.core.data.HostBatch;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The concatenated outputs of frozen branches for every sample of a data source, computed once in
 * inference mode without autograd and kept in host memory, so that a head can train on them at
 * next to no cost per epoch. The features are computed at the first {@link #batch} call, not
 * before: a resumed run has loaded its parameters by then. Count and labels come from the images
 * without computing anything.
 */
final class FeatureCache implements BatchSource {

    private final List<Block> branches;
    private final BatchSource images;
    private final BatchTransform preprocess;
    private final int batchSize;
    private final Device device;
    private final Shape sample;
    private FloatArraySource features;

    /**
     * Creates the cache; nothing is computed yet.
     *
     * @param branches the branches, in the network's order
     * @param images the images
     * @param preprocess the run's deterministic preprocessing
     * @param batchSize the batch size for computing
     * @param device where to compute
     * @param sample the shape of one sample's features, as channels, height, width
     */
    FeatureCache(
            List<Block> branches,
            BatchSource images,
            BatchTransform preprocess,
            int batchSize,
            Device device,
            Shape sample) {
        this.branches = List.copyOf(branches);
        this.images = images;
        this.preprocess = preprocess;
        this.batchSize = batchSize;
        this.device = device;
        this.sample = sample;
    }

    /**
     * Returns the shape of one sample's cached features as an image (channels, height, width), or
     * null when the concatenated branch outputs are neither vectors nor feature maps.
     *
     * @param concatenated the shape of the concatenated branch outputs, batch dimension included
     * @return the sample shape, or null
     */
    static Shape sampleShape(Shape concatenated) {
        return switch (concatenated.dimension()) {
            case 2 -> new Shape(concatenated.get(1), 1, 1);
            case 4 -> concatenated.slice(1);
            default -> null;
        };
    }

    @Override
    public int count() {
        return images.count();
    }

    @Override
    public int classes() {
        return images.classes();
    }

    @Override
    public int label(int index) {
        return images.label(index);
    }

    @Override
    public HostBatch batch(int[] indices) {
        return features().batch(indices);
    }

    private synchronized FloatArraySource features() {
        if (features == null) {
            features = compute();
        }
        return features;
    }

    private FloatArraySource compute() {
        int n = images.count();
        int size = (int) sample.size();
        float[] values = new float[n * size];
        int[] labels = new int[n];
        try (NDManager manager = NDManager.newBaseManager(device)) {
            ParameterStore store = new ParameterStore(manager, false);
            for (int from = 0; from < n; from += batchSize) {
                int[] idx = IntStream.range(from, Math.min(n, from + batchSize)).toArray();
                HostBatch batch = images.batch(idx);
                preprocess.apply(batch, null);
                System.arraycopy(batch.labels(), 0, labels, from, idx.length);
                try (NDManager step = manager.newSubManager()) {
                    NDList x = new NDList(batch.toDevice(step).get(0));
                    NDList outs = new NDList();
                    for (Block b : branches) {
                        outs.add(b.forward(store, x, false).singletonOrThrow());
                    }
                    float[] f = NDArrays.concat(outs, 1).toFloatArray();
                    System.arraycopy(f, 0, values, from * size, f.length);
                }
            }
        }
        return new FloatArraySource(
                values, labels, images.classes(), (int) sample.get(0), (int) sample.get(1), (int) sample.get(2));
    }
}
