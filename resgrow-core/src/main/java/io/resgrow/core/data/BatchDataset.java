package io.resgrow.core.data;

import ai.djl.training.dataset.RandomAccessDataset;

/**
 * A data set that is both a DJL {@link RandomAccessDataset} (one record per sample, for DJL's own
 * code) and a resgrow {@link BatchSource} (whole batches in one pass, for training). Extend it
 * rather than implementing both on your own: the run's builder then takes it as a batch source
 * with no conversion (its {@code on(...)} and {@code test(...)} overloads for this type are the most
 * specific, where a class that merely implements both would make the call ambiguous). resgrow's
 * {@code ImageSet} is one.
 */
public abstract class BatchDataset extends RandomAccessDataset implements BatchSource {

    /**
     * Makes the dataset.
     *
     * @param builder DJL's dataset builder (sampling is not used by resgrow's runs, which draw
     *     their own seeded order)
     */
    protected BatchDataset(BaseBuilder<?> builder) {
        super(builder);
    }
}
