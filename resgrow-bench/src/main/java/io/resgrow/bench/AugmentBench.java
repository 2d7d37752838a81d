package io.resgrow.bench;

import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.data.EpochOrder;
import io.resgrow.core.data.HostBatch;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.SyntheticDataset;
import io.resgrow.datasets.augment.ChannelNormalize;
import io.resgrow.datasets.augment.RandomFlip;
import io.resgrow.datasets.augment.RandomShift;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of what the training loop does on the host per batch for 28x28 images: gather the
 * batch from 8-bit storage, pad-4 random crop, random flip, per-channel normalisation.
 */
public final class AugmentBench {

    private AugmentBench() {}

    /**
     * Runs the benchmark and prints images per second.
     *
     * @param batch the batch size
     */
    public static void run(int batch) {
        ImageSet data = SyntheticDataset.create(20000, 10, 1, 28, 40, 1);
        BatchTransform augment = RandomShift.padCrop(4).andThen(new RandomFlip());
        ChannelNormalize normalize = ChannelNormalize.fromData(data);
        int[] order = EpochOrder.permutation(data.count(), 1, 0, 0);
        int steps = EpochOrder.steps(data.count(), batch);
        double best = 0;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            long images = 0;
            for (int s = 0; s < steps; s++) {
                HostBatch b = data.batch(EpochOrder.slice(order, s, batch));
                normalize.apply(b, null);
                augment.apply(b, new Random(s));
                images += b.count();
            }
            double rate = images / ((System.nanoTime() - t0) / 1e9);
            best = Math.max(best, rate);
            System.out.println(String.format(Locale.ROOT, "round %d: %.0f images/s", round + 1, rate));
        }
        System.out.println(String.format(
                Locale.ROOT,
                "augment_images_per_second=%.0f (best of 5 rounds, batch %d, 28x28, pad-4 crop + flip + normalise)",
                best,
                batch));
    }
}
