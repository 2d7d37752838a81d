package io.resgrow.core.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/** A user's own DJL dataset: each record made by a function of (manager, index); counts its get calls. */
class RecordsDataset extends RandomAccessDataset {

    private final int size;
    private final BiFunction<NDManager, Integer, Record> record;
    private final AtomicInteger gets = new AtomicInteger();

    RecordsDataset(int size, BiFunction<NDManager, Integer, Record> record) {
        super(new Builder().setSampling(1, false));
        this.size = size;
        this.record = record;
    }

    /** How many records were made so far. */
    int gets() {
        return gets.get();
    }

    @Override
    public Record get(NDManager manager, long index) {
        gets.incrementAndGet();
        return record.apply(manager, Math.toIntExact(index));
    }

    @Override
    protected long availableSize() {
        return size;
    }

    @Override
    public void prepare(Progress progress) {}

    private static final class Builder extends BaseBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
