package io.resgrow.bench;

import io.resgrow.core.check.InvalidSettingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strategy benchmark's PyTorch peer ({@code resgrow-bench/peers/STRATEGY_pytorch.py}), run by the
 * benchmark itself after each seed's resgrow runs, with the same settings and seed: its output is
 * shown prefixed {@code peer | }, its runs' final lines ({@code LABEL: ... test_accuracy=A ...
 * seconds=S}, or {@code test_error=E%}) are kept, and {@link #summary} prints each peer run's test
 * accuracy and seconds as the mean and range over the seeds, beside resgrow's summary. The peer draws
 * its own training subset and split from the seed (same data and sizes, not the same indices).
 */
final class PeerRuns {

    private static final Pattern FINAL = Pattern.compile("^([a-z] [^:]+): (.*)$");
    private static final Pattern ACCURACY = Pattern.compile("test_accuracy=([0-9.]+|nan)");
    private static final Pattern ERROR = Pattern.compile("test_error=([0-9.]+)%");
    private static final Pattern SECONDS = Pattern.compile("(?<![@\\w])seconds=([0-9.]+)");

    /** Python with torch: Debian's, as the peers' own usage says. */
    static final String PYTHON = "/usr/bin/python3";

    /**
     * One peer run's result.
     *
     * @param run its label, e.g. {@code p partitioned}
     * @param testAccuracy its test accuracy
     * @param seconds its wall time, NaN when the peer does not print it
     */
    record Result(String run, double testAccuracy, double seconds) {}

    private final Path script;
    private final Map<String, List<Result>> byRun = new LinkedHashMap<>();

    /**
     * Checks the peer before any training: the script exists and Python imports torch.
     *
     * @param option the option that asked for the peer, for the error
     * @param script the peer's script
     */
    PeerRuns(String option, Path script) {
        if (!Files.isRegularFile(script)) {
            throw new InvalidSettingException(
                    option,
                    script,
                    "a PyTorch peer script that exists (resgrow-bench/peers/, relative to the repository's root)",
                    "run the benchmark from the repository's root, or give --peers DIR");
        }
        int code = exec(List.of(PYTHON, "-c", "import torch"), null);
        if (code != 0) {
            throw new InvalidSettingException(
                    option,
                    PYTHON + " without torch",
                    "Python 3 with PyTorch",
                    "install it (apt-get install python3-torch) or drop " + option);
        }
        this.script = script;
    }

    /**
     * Runs the peer once and keeps its runs' results.
     *
     * @param args the peer's arguments
     * @return the results of this call
     */
    List<Result> run(List<String> args) {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(args);
        System.out.println("peer | " + String.join(" ", command));
        List<String> lines = new ArrayList<>();
        int code = exec(command, lines);
        if (code != 0) {
            throw new IllegalStateException("the peer failed (exit code " + code + "): " + String.join(" ", command));
        }
        List<Result> results = parse(lines);
        if (results.isEmpty()) {
            throw new IllegalStateException("the peer printed no run's result: " + String.join(" ", command));
        }
        results.forEach(
                r -> byRun.computeIfAbsent(r.run(), k -> new ArrayList<>()).add(r));
        return results;
    }

    /**
     * Reads the final lines of a peer's runs.
     *
     * @param lines the peer's output
     * @return one result per run, in order
     */
    static List<Result> parse(List<String> lines) {
        List<Result> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = FINAL.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            String rest = m.group(2);
            Matcher acc = ACCURACY.matcher(rest);
            Matcher err = ERROR.matcher(rest);
            double accuracy;
            if (acc.find()) {
                if (acc.group(1).equals("nan")) {
                    throw new IllegalStateException("the peer's run " + m.group(1) + " ended at NaN: " + line);
                }
                accuracy = Double.parseDouble(acc.group(1));
            } else if (err.find()) {
                accuracy = 1 - Double.parseDouble(err.group(1)) / 100;
            } else {
                continue;
            }
            Matcher s = SECONDS.matcher(rest);
            out.add(new Result(m.group(1), accuracy, s.find() ? Double.parseDouble(s.group(1)) : Double.NaN));
        }
        return out;
    }

    /**
     * Prints each peer run's test accuracy and seconds as the mean and range over the seeds.
     *
     * @param seeds the seeds
     */
    void summary(List<Long> seeds) {
        System.out.println("PyTorch peer over seeds " + seeds + " (mean, range in brackets):");
        System.out.println("peer run | seeds | test accuracy | seconds");
        for (Map.Entry<String, List<Result>> e : byRun.entrySet()) {
            List<Result> rs = e.getValue();
            System.out.println(String.join(
                    " | ",
                    e.getKey(),
                    Integer.toString(rs.size()),
                    spread(rs.stream().mapToDouble(Result::testAccuracy).toArray(), "%.4f"),
                    spread(rs.stream().mapToDouble(Result::seconds).toArray(), "%.1f")));
        }
    }

    /** Mean (min-max) of the values, or {@code -} when one is missing. */
    static String spread(double[] values, String format) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isNaN(v)) {
                return "-";
            }
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        String mean = String.format(Locale.ROOT, format, sum / values.length);
        return values.length == 1
                ? mean
                : mean + " (" + String.format(Locale.ROOT, format, min) + "-" + String.format(Locale.ROOT, format, max)
                        + ")";
    }

    /** Runs a process, echoing its output (prefixed) and keeping it when {@code lines} is given. */
    private static int exec(List<String> command, List<String> lines) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (lines != null) {
                        System.out.println("peer | " + line);
                        lines.add(line);
                    }
                }
            }
            return p.waitFor();
        } catch (IOException e) {
            if (lines == null) {
                return -1;
            }
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the peer ran", e);
        }
    }
}
