package io.resgrow.strategies.incremental;

import io.resgrow.core.TrainingContext;
import io.resgrow.core.history.RecordData;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The report events of a growth: a sub-network's value at its stage's end, an insertion, an early stop. */
final class GrowthEvents {

    private GrowthEvents() {}

    /**
     * Records what a sub-network brought ({@link LookAheadIncremental#VALUE_ADDED}).
     *
     * @param ctx the run
     * @param v the sub-network's value
     */
    static void valueAdded(TrainingContext ctx, SubNetworkValue v) {
        // the first sub-network has no accuracy before it: "first validation 0.1000", not "NaN -> 0.1000"
        String accuracy = Double.isNaN(v.accuracyBefore())
                ? String.format(Locale.ROOT, "first validation %.4f", v.accuracyEnd())
                : String.format(Locale.ROOT, "validation %.4f -> %.4f", v.accuracyBefore(), v.accuracyEnd());
        ctx.event(
                LookAheadIncremental.VALUE_ADDED,
                String.format(
                        Locale.ROOT,
                        "S%d: %s, %+d parameters, %+d MACs/sample",
                        v.subNetwork(),
                        accuracy,
                        v.parametersAdded(),
                        v.macsAdded()),
                RecordData.of(v));
    }

    /**
     * Records that the growth rule ended growth before every sub-network was in.
     *
     * @param ctx the run
     * @param kept the sub-networks kept
     * @param total the sub-networks planned
     */
    static void stopped(TrainingContext ctx, int kept, int total) {
        ctx.event(
                "growth-stopped",
                "the growth rule kept " + kept + " of " + total + " sub-networks",
                Map.of("subNetworks", kept, "planned", total));
    }

    /**
     * Records a sub-network appended with a new classifier (the {@code insert} event).
     *
     * @param ctx the run
     * @param next the new sub-network, 1-based
     * @param total the sub-networks planned
     * @param parameters the network's learnable parameters now
     * @param macs its MACs per sample now
     * @param before the validation accuracy before the growth
     */
    static void inserted(TrainingContext ctx, int next, int total, long parameters, long macs, double before) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subNetwork", next);
        data.put("of", total);
        data.put("parameters", parameters);
        data.put("macsPerSample", macs);
        data.put("validationAccuracyBefore", before);
        ctx.event(
                "insert",
                String.format(
                        Locale.ROOT,
                        "S%d of %d appended with a new classifier: %d parameters, %d MACs/sample",
                        next,
                        total,
                        parameters,
                        macs),
                data);
    }
}
