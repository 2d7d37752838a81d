package io.resgrow.strategies.partitioned;

/**
 * One row of {@link PartitionedTable}: what one phase of {@link PartitionedStrategy} did.
 *
 * @param stage 1 (a branch with its proxy head), 2 (the head alone) or 3 (end to end)
 * @param branch the 1-based branch in stage 1, 0 otherwise
 * @param samples the training samples the phase saw per epoch (the branch's subset in stage 1)
 * @param epochs the epochs it ran
 * @param seconds its wall time
 * @param flops the training FLOPs it spent
 * @param accuracy its last validation accuracy: in stage 1 of the branch through its proxy head, else
 *     of the whole network (NaN without validation data)
 */
public record StageRow(int stage, int branch, int samples, int epochs, double seconds, double flops, double accuracy) {}
