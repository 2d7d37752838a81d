package io.resgrow.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory, from {@code /proc/self/status} (Linux): train's {@code peak_rss_mib}, the
 * benchmarks' figures.
 */
public final class ProcessMemory {

    private ProcessMemory() {}

    /**
     * Returns the process's resident memory ({@code VmRSS} of {@code /proc/self/status}).
     *
     * @return KiB
     */
    public static long rssKiB() {
        return status("VmRSS:");
    }

    /**
     * Returns the process's peak resident memory so far ({@code VmHWM} of {@code /proc/self/status}).
     *
     * @return KiB
     */
    public static long peakRssKiB() {
        return status("VmHWM:");
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no " + field + " line in /proc/self/status");
        } catch (IOException e) {
            throw new UncheckedIOException("the memory figures read /proc/self/status (Linux only)", e);
        }
    }
}
