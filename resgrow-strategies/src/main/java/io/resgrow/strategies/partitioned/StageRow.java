package io.resgrow.strategies.partitioned;

import java.util.LinkedHashMap;
import java.util.Map;

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
public record StageRow(int stage, int branch, int samples, int epochs, double seconds, double flops,
        double accuracy) {

    Map<String, Object> asData() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage);
        m.put("branch", branch);
        m.put("samples", samples);
        m.put("epochs", epochs);
        m.put("seconds", seconds);
        m.put("flops", flops);
        m.put("accuracy", accuracy);
        return m;
    }

    static StageRow fromData(Map<String, Object> d) {
        return new StageRow(num(d, "stage").intValue(), num(d, "branch").intValue(), num(d, "samples").intValue(),
                num(d, "epochs").intValue(), num(d, "seconds").doubleValue(), num(d, "flops").doubleValue(),
                d.get("accuracy") instanceof Number n ? n.doubleValue() : Double.NaN); // NaN is written as null
    }

    private static Number num(Map<String, Object> d, String key) {
        return (Number) d.get(key);
    }
}
