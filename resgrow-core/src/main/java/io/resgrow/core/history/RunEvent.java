package io.resgrow.core.history;

import java.util.Map;

/**
 * Something that happened in a run: a phase started, parameters were frozen, the network grew, a
 * checkpoint was written.
 *
 * @param epoch the 1-based run epoch it happened in (0 before the first epoch)
 * @param step the step within that epoch
 * @param type a short type, e.g. {@code phase-start}, {@code freeze}, {@code grow}
 * @param detail a readable description
 * @param data structured details (numbers, strings, lists) for tools
 */
public record RunEvent(int epoch, int step, String type, String detail, Map<String, Object> data) {

    /** Copies the data. */
    public RunEvent {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    @Override
    public String toString() {
        return "[" + epoch + ":" + step + "] " + type + " " + detail;
    }
}
