package io.resgrow.core.checkpoint;

import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;

/**
 * Where and how often a run writes checkpoints, and whether it resumes from one.
 *
 * @param store where checkpoints go, or null for none
 * @param everySteps also checkpoint every this many steps (0: epoch ends only)
 * @param resume whether to continue from the newest checkpoint if there is one
 * @param resumeWithChanges whether a resume may change settings (the report records the changes)
 */
public record Checkpointing(CheckpointStore store, int everySteps, boolean resume, boolean resumeWithChanges) {

    /** Validates the checkpoint settings. */
    public Checkpointing {
        Check.nonNegative("checkpointEverySteps", everySteps);
        if (resume && store == null) {
            throw new InvalidSettingException(
                    "resume",
                    true,
                    "a checkpoint directory to resume from",
                    "set checkpoints(dir) as well, or drop resume");
        }
    }
}
