package io.resgrow.spark;

import io.resgrow.core.TrainingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The report's events about a branch task's faults: {@code branch-resumed} (the task continued the
 * branch from its checkpoint: an earlier attempt died), {@code branch-reused} (it returned the
 * outcome an earlier task wrote, training nothing), {@code branch-outcome-refused} (a finished
 * outcome was corrupt and not loaded).
 */
final class BranchEvents {

    private BranchEvents() {}

    static void record(TrainingContext ctx, BranchOutcome o, BranchTask t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("branch", o.branch());
        d.put("executor", o.executor());
        d.put("pid", o.pid());
        d.put("attempt", o.attempt());
        d.put("dir", t.checkpoints());
        String where =
                String.format(Locale.ROOT, "executor %s (pid %d, attempt %d)", o.executor(), o.pid(), o.attempt());
        if (!o.fault().isEmpty()) {
            Map<String, Object> f = new LinkedHashMap<>(d);
            f.put("fault", o.fault());
            ctx.event(
                    "branch-outcome-refused",
                    "branch " + o.branch() + ": its finished outcome was not loaded (" + o.fault()
                            + "); trained again from its newest valid checkpoint on " + where,
                    f);
        }
        if (BranchOutcome.RESUMED.equals(o.origin())) {
            d.put("epoch", o.resumedEpoch());
            d.put("epochs", t.spec().epochs());
            ctx.event(
                    "branch-resumed",
                    String.format(
                            Locale.ROOT,
                            "branch %d resumed on %s from its checkpoint after epoch %d of %d",
                            o.branch(),
                            where,
                            o.resumedEpoch(),
                            t.spec().epochs()),
                    d);
        } else if (BranchOutcome.REUSED.equals(o.origin())) {
            ctx.event(
                    "branch-reused",
                    "branch " + o.branch() + ": the outcome an earlier task wrote in " + t.checkpoints() + " loaded on "
                            + where + ", nothing trained again",
                    d);
        }
    }
}
