package io.resgrow.strategies.partitioned;

import io.resgrow.core.Phase;

/**
 * Stage 3 of {@link PartitionedStrategy} as the strategy plans it, for a {@link FineTuneRunner}.
 *
 * @param phase the phase that trains it in the run's process (network, schedule, optimizer)
 * @param epochs its epochs
 * @param batchSize its batch size in one process
 * @param momentum SGD's momentum
 * @param weightDecay SGD's weight decay
 */
public record FineTuneStage(Phase phase, int epochs, int batchSize, double momentum, double weightDecay) {}
