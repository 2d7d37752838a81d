package io.resgrow.strategies.modelparallel;

import io.resgrow.core.placement.NetworkPlacement;
import io.resgrow.core.placement.Slot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link NetworkPlacement} into the data of a {@code placement} run event: where each
 * residual function ran and the MACs per device.
 */
final class PlacementReport {

    private PlacementReport() {}

    /** The event's one-line description. */
    static String detail(NetworkPlacement p, String rule) {
        StringBuilder macs = new StringBuilder();
        List<Slot> group = p.groups().get(0);
        for (int s = 0; s < group.size(); s++) {
            macs.append(s == 0 ? "" : ", ")
                    .append(group.get(s))
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%.3g", (double) p.macsPerSlot()[s]));
        }
        int groups = p.groups().size();
        return p.functions().size() + " functions placed " + rule + " on " + group
                + (groups > 1 ? " (and alike in each of " + groups + " data-parallel groups)" : "")
                + "; MACs per sample: " + macs;
    }

    /** The event's structured data. */
    static Map<String, Object> data(NetworkPlacement p, String rule) {
        List<Object> functions = new ArrayList<>();
        for (NetworkPlacement.PlacedBranch f : p.functions()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("block", f.block());
            one.put("function", f.branch());
            one.put("slot", f.slot().index());
            one.put("device", f.slot().device().toString());
            one.put("macs", f.macs());
            functions.add(one);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rule", rule);
        data.put("slots", p.slots().stream().map(Slot::toString).toList());
        data.put("groups", p.groups().size());
        data.put("macsPerSlot", Arrays.stream(p.macsPerSlot()).boxed().toList());
        data.put("functions", functions);
        return data;
    }
}
