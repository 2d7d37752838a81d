package io.resgrow.core.checkpoint;

import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.PhaseResult;
import io.resgrow.core.history.RunEvent;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a checkpoint: everything but the arrays. With the parameters and the optimizer
 * state it is what a run needs to continue exactly: the strategy replays its structural changes up
 * to {@code phaseOrdinal}, loads the arrays, and continues at ({@code epoch}, {@code step}); data
 * order, augmentation and the engine's generator (dropout) are seeded from (seed, phase, epoch,
 * step), so they need no saved state.
 *
 * @param format the manifest format version
 * @param strategy the strategy's description (a resume with another strategy is refused)
 * @param seed the run seed
 * @param phaseOrdinal the phase in progress
 * @param phaseName its name
 * @param epoch the next epoch to run within the phase
 * @param step the next step to run within that epoch (0 at an epoch boundary)
 * @param epochAccumulators training loss sum and correct count so far in a partly done epoch
 * @param seconds the run's wall time so far
 * @param flops the run's training FLOPs so far
 * @param architecture a description of the network as it is at the checkpoint
 * @param phases the results of the finished phases
 * @param epochs the run's epochs so far
 * @param events the run's events so far
 * @param settings the run's settings as text (optimizer, schedule, batch size, data, seed,
 *     strategy, network): a resume compares them with its own
 * @param files SHA-256 of each array file, checked before loading
 */
public record CheckpointState(
        int format,
        String strategy,
        long seed,
        int phaseOrdinal,
        String phaseName,
        int epoch,
        int step,
        double[] epochAccumulators,
        double seconds,
        double flops,
        String architecture,
        List<PhaseResult> phases,
        List<EpochRecord> epochs,
        List<RunEvent> events,
        Map<String, String> settings,
        Map<String, String> files) {

    /** The current manifest format. */
    public static final int FORMAT = 2;

    /**
     * Returns a copy with the file hashes set.
     *
     * @param hashes file name to SHA-256
     * @return the copy
     */
    public CheckpointState withFiles(Map<String, String> hashes) {
        return new CheckpointState(
                format,
                strategy,
                seed,
                phaseOrdinal,
                phaseName,
                epoch,
                step,
                epochAccumulators,
                seconds,
                flops,
                architecture,
                phases,
                epochs,
                events,
                settings,
                Map.copyOf(hashes));
    }
}
