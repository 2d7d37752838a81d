package io.resgrow.core;

import ai.djl.training.dataset.RandomAccessDataset;
import io.resgrow.core.check.Check;
import io.resgrow.core.data.BatchDataset;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.DjlDataset;

/**
 * The data settings of {@link RunBuilder}: resgrow batch sources, DJL datasets (read once by {@link
 * DjlDataset}) and the {@link BatchDataset}s that are both (resgrow's {@code ImageSet}), whose
 * overloads are the most specific and use them as batch sources with no conversion.
 */
abstract class DataSetters {
    final RunDraft d;

    DataSetters(RunDraft draft) {
        this.d = draft;
    }

    private RunBuilder self() {
        return (RunBuilder) this;
    }

    /**
     * Sets training and validation data.
     *
     * @param train training data
     * @param validation validation data, or null
     * @return this builder
     */
    public RunBuilder on(BatchSource train, BatchSource validation) {
        d.train = train;
        d.validation = validation;
        return self();
    }

    /**
     * Sets training data only.
     *
     * @param train training data
     * @return this builder
     */
    public RunBuilder on(BatchSource train) {
        return on(train, null);
    }

    /**
     * Sets training and validation data from DJL datasets, each read once into host memory by
     * {@link DjlDataset} (records of one data and one label array; others are refused here, with
     * the record's shapes). Validation takes the training set's class count.
     *
     * @param train training data
     * @param validation validation data, or null
     * @return this builder
     */
    public RunBuilder on(RandomAccessDataset train, RandomAccessDataset validation) {
        BatchSource t = DjlDataset.sourceOf(Check.notNull("train", train));
        return on(t, validation == null ? null : DjlDataset.sourceOf(validation, t.classes()));
    }

    /**
     * Sets training data from a DJL dataset ({@link #on(RandomAccessDataset, RandomAccessDataset)}).
     *
     * @param train training data
     * @return this builder
     */
    public RunBuilder on(RandomAccessDataset train) {
        return on(train, (RandomAccessDataset) null);
    }

    /**
     * Sets training and validation data that are both DJL datasets and batch sources (resgrow's
     * {@code ImageSet}): used as batch sources, with no conversion.
     *
     * @param train training data
     * @param validation validation data, or null
     * @return this builder
     */
    public RunBuilder on(BatchDataset train, BatchDataset validation) {
        return on((BatchSource) train, (BatchSource) validation);
    }

    /**
     * Sets training data that is both a DJL dataset and a batch source, used as a batch source.
     *
     * @param train training data
     * @return this builder
     */
    public RunBuilder on(BatchDataset train) {
        return on((BatchSource) train, null);
    }

    /**
     * Sets test data from a DJL dataset, read once by {@link DjlDataset} with the training set's
     * class count when training data is set first.
     *
     * @param test test data
     * @return this builder
     */
    public RunBuilder test(RandomAccessDataset test) {
        Check.notNull("test", test);
        return test(d.train == null ? DjlDataset.sourceOf(test) : DjlDataset.sourceOf(test, d.train.classes()));
    }

    /**
     * Sets test data that is both a DJL dataset and a batch source, used as a batch source.
     *
     * @param test test data
     * @return this builder
     */
    public RunBuilder test(BatchDataset test) {
        return test((BatchSource) test);
    }

    /**
     * Sets test data, evaluated once at the end.
     *
     * @param test test data
     * @return this builder
     */
    public RunBuilder test(BatchSource test) {
        d.test = test;
        return self();
    }
}
