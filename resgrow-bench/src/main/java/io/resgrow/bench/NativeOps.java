package io.resgrow.bench;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the native (ATen) operations libtorch runs on the calling thread between {@link #start}
 * and {@link #stop}, with libtorch's own profiler (DJL's {@code JniUtils.startProfile}). Every
 * operator call is an event; a top-level event is one that no other event on its thread encloses:
 * an operation the Java side asked for, or a node of autograd's backward pass (their inner calls,
 * such as a convolution's kernels, are nested). On the CPU autograd runs on the calling thread.
 */
final class NativeOps {

    private static final Pattern EVENT = Pattern.compile(
            "\"name\": \"([^\"]*)\",\\s*\"ph\": \"X\",\\s*\"ts\": ([0-9.]+),\\s*\"dur\": ([0-9.]+),\\s*\"tid\": (\\d+)");

    /**
     * Counted operations.
     *
     * @param topLevel top-level operations by name
     * @param all every operator call, nested ones included
     */
    record Count(Map<String, Integer> topLevel, int all) {

        /**
         * Returns the top-level operations in all.
         *
         * @return the sum of {@link #topLevel}
         */
        int topLevelTotal() {
            return topLevel.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private record Event(String name, double start, double end, long thread) {}

    private NativeOps() {}

    /** Starts counting (libtorch's legacy profiler on this thread, no shapes, no memory). */
    static void start() {
        JniUtils.startProfile(false, false, false);
    }

    /**
     * Stops counting and returns the count.
     *
     * @return what ran since {@link #start}
     */
    static Count stop() {
        try {
            Path trace = Files.createTempFile("resgrow-ops", ".json");
            try {
                JniUtils.stopProfile(trace.toString());
                return parse(Files.readString(trace));
            } finally {
                Files.deleteIfExists(trace);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write libtorch's profiler trace to a temporary file", e);
        }
    }

    /**
     * Counts the events of a chrome trace written by libtorch's legacy profiler.
     *
     * @param trace the trace's text
     * @return the count
     */
    static Count parse(String trace) {
        List<Event> events = new ArrayList<>();
        Matcher m = EVENT.matcher(trace);
        while (m.find()) {
            double ts = Double.parseDouble(m.group(2));
            events.add(new Event(m.group(1), ts, ts + Double.parseDouble(m.group(3)), Long.parseLong(m.group(4))));
        }
        // an enclosing event starts no later and ends no earlier: sort by start, longest first
        events.sort(Comparator.comparingLong(Event::thread)
                .thenComparingDouble(Event::start)
                .thenComparing(Comparator.comparingDouble(Event::end).reversed()));
        Map<String, Integer> top = new TreeMap<>();
        long thread = Long.MIN_VALUE;
        double openUntil = Double.NEGATIVE_INFINITY;
        for (Event e : events) {
            if (e.thread() != thread || e.start() >= openUntil) {
                top.merge(e.name(), 1, Integer::sum);
                thread = e.thread();
                openUntil = e.end();
            }
        }
        return new Count(top, events.size());
    }
}
