package io.resgrow.datasets.augment;

import io.resgrow.core.data.BatchTransform;
import io.resgrow.core.data.HostBatch;
import java.util.Random;

/**
 * Mirrors each image left to right with probability 1/2 (DJL's {@code RandomFlipLeftRight} drops
 * its result and changes nothing; this one works on whole batches).
 */
public final class RandomFlip implements BatchTransform {

    @Override
    public void apply(HostBatch batch, Random random) {
        float[] x = batch.images();
        int w = batch.width();
        int rows = batch.channels() * batch.height();
        for (int n = 0; n < batch.count(); n++) {
            if (!random.nextBoolean()) {
                continue;
            }
            for (int r = 0; r < rows; r++) {
                int row = (n * rows + r) * w;
                for (int i = 0, j = w - 1; i < j; i++, j--) {
                    float t = x[row + i];
                    x[row + i] = x[row + j];
                    x[row + j] = t;
                }
            }
        }
    }
}
