package io.resgrow.core.cluster;

import java.io.Serializable;

/**
 * One independent piece of work, usually a whole training, that a {@link JobRunner} may run in
 * another process: the job and its result are serialisable plain values (never a DJL object), and
 * a job reads what it needs from paths every machine can read and writes what it makes to paths
 * the caller can read.
 *
 * @param <T> its result
 */
@FunctionalInterface
public interface Job<T extends Serializable> extends Serializable {

    /**
     * Does the work.
     *
     * @return the result
     */
    T call();
}
