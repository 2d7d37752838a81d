package io.resgrow.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.resgrow.core.checkpoint.CheckpointState;
import io.resgrow.core.checkpoint.CheckpointStore;
import io.resgrow.core.engine.FiniteCheck;
import io.resgrow.core.optim.NamedOptimizer;
import java.util.Map;

/**
 * Writes a phase's checkpoints: at every epoch's end and, with {@code checkpointEverySteps}, every
 * that many steps inside an epoch (never at its last step: the epoch's end follows). A checkpoint
 * holds the parameters by name, the optimizer's named state and the manifest a resume needs.
 */
final class PhaseCheckpoints implements LoopHook {

    private final TrainingContext ctx;
    private final RunSettings settings;
    private final Phase phase;
    private final int ordinal;
    private final NamedOptimizer optimizer;

    PhaseCheckpoints(TrainingContext ctx, Phase phase, int ordinal, NamedOptimizer optimizer) {
        this.ctx = ctx;
        this.settings = ctx.settings();
        this.phase = phase;
        this.ordinal = ordinal;
        this.optimizer = optimizer;
    }

    /** Whether a checkpoint is written after this step (every {@code every} steps, not at the epoch's last). */
    static boolean savesAt(int every, StepEnd s) {
        return every > 0 && s.done() % every == 0 && s.done() < s.steps();
    }

    @Override
    public void afterStep(StepEnd s) {
        if (savesAt(settings.checkpointEverySteps(), s)) {
            save(s.phaseEpoch(), s.done(), s.accumulators());
        }
    }

    @Override
    public void afterEpoch(EpochEnd e) {
        save(e.phaseEpoch() + 1, 0, new double[] {0, 0, 0});
    }

    private void save(int epoch, int step, double[] accumulators) {
        CheckpointStore store = settings.checkpoints();
        if (store == null) {
            return;
        }
        Map<Parameter, String> names = ctx.names(phase);
        String bad = FiniteCheck.firstNonFinite(names);
        if (bad != null) {
            throw new DivergenceException(
                    phase.name(),
                    ctx.history().epochCount(),
                    step,
                    step,
                    "parameter " + bad + " holds NaN or infinite values at the checkpoint");
        }
        try (NDManager scratch = ctx.manager().newSubManager()) {
            NDList params = new NDList();
            for (Map.Entry<Parameter, String> e : names.entrySet()) {
                NDArray copy = e.getKey().getArray().duplicate();
                copy.attach(scratch);
                copy.setName(e.getValue());
                params.add(copy);
            }
            NDList optimizerState = optimizer.state().saveState(scratch);
            CheckpointState state = new CheckpointState(
                    CheckpointState.FORMAT,
                    settings.strategy().describe(),
                    settings.seed(),
                    ordinal,
                    phase.name(),
                    epoch,
                    step,
                    accumulators,
                    ctx.seconds(),
                    ctx.flops(),
                    phase.forward().toString(),
                    ctx.phaseResults(),
                    ctx.history().epochs(),
                    ctx.history().events(),
                    ctx.provenance(),
                    Map.of());
            store.save(state, params, optimizerState);
        }
    }
}
