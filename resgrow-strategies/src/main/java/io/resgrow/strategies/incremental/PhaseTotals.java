package io.resgrow.strategies.incremental;

import io.resgrow.core.history.PhaseResult;

/**
 * Epochs, FLOPs and seconds of the phases run so far, from their results (a resumed run replays the
 * phases before its checkpoint without their epochs, and must take the same growth decisions).
 */
final class PhaseTotals {
    int epochs;
    double flops;
    double seconds;

    PhaseResult add(PhaseResult r) {
        epochs += r.epochs();
        flops += r.flops();
        seconds += r.seconds();
        return r;
    }
}
