package io.resgrow.bench;

import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.engine.SharedCores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the PyTorch eager peer ({@code peers/pytorch_step.py}) as a subprocess with the same network
 * and settings and reads its {@code ms_per_step_median} (and, for {@code bench parts}, its
 * {@code --parts} medians). The interpreter is {@code /usr/bin/python3}
 * unless {@code RESGROW_PYTHON} names another one.
 */
final class PeerStep {

    private static final Pattern MEDIAN = Pattern.compile("ms_per_step_median=([0-9.]+)");
    private static final Pattern FORWARD = Pattern.compile("ms_forward_median=([0-9.]+)");
    private static final Pattern BACKWARD = Pattern.compile("ms_backward_median=([0-9.]+)");
    private static final Pattern UPDATE = Pattern.compile("ms_update_median=([0-9.]+)");

    private PeerStep() {}

    /**
     * Checks that the peer script exists.
     *
     * @param script the script
     * @throws InvalidSettingException naming {@code peer} if it does not
     */
    static void check(Path script) {
        if (!Files.isRegularFile(script)) {
            throw new InvalidSettingException(
                    "peer",
                    script,
                    "the PyTorch peer script pytorch_step.py",
                    "run from the repository's root or pass --peer path/to/pytorch_step.py");
        }
    }

    /** Untimed steps of the peer before its timed ones. */
    static final int PEER_WARMUP = 20;

    /**
     * Runs the peer once and returns its median step time.
     *
     * @param script the peer script
     * @param net the network
     * @param batch the batch size
     * @param steps timed steps
     * @param threads intra-op threads
     * @return the peer's median step in ms
     */
    static double medianMillis(Path script, StepNetwork net, int batch, int steps, int threads) {
        return value(MEDIAN, run(script, net, batch, steps, threads, List.of()));
    }

    /**
     * Runs the peer once with {@code --parts} and returns its medians of the forward pass (with the
     * loss), the backward pass, the update (with the clearing of the gradients) and the whole step.
     *
     * @param script the peer script
     * @param net the network
     * @param batch the batch size
     * @param steps timed steps
     * @param threads intra-op threads
     * @param zeroGrads whether the peer zeroes its gradients in place ({@code --zero-grads}, as
     *     resgrow does) rather than setting them to None
     * @return the four medians in ms
     */
    static double[] parts(Path script, StepNetwork net, int batch, int steps, int threads, boolean zeroGrads) {
        String out = run(
                script,
                net,
                batch,
                steps,
                threads,
                zeroGrads ? List.of("--parts", "--zero-grads") : List.of("--parts"));
        return new double[] {value(FORWARD, out), value(BACKWARD, out), value(UPDATE, out), value(MEDIAN, out)};
    }

    private static double value(Pattern p, String out) {
        Matcher m = p.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("the PyTorch peer printed no " + p.pattern() + ":\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String run(Path script, StepNetwork net, int batch, int steps, int threads, List<String> flags) {
        List<String> command = new ArrayList<>(
                List.of(System.getenv().getOrDefault("RESGROW_PYTHON", "/usr/bin/python3"), script.toString()));
        command.addAll(List.of(net.peerFlags()));
        // each round is a fresh process: more untimed steps than the script's 5 for its allocator and
        // oneDNN's primitive cache, as resgrow's JVM is warm after its --warmup-seconds
        command.addAll(List.of(
                "--batch",
                Integer.toString(batch),
                "--steps",
                Integer.toString(steps),
                "--threads",
                Integer.toString(threads),
                "--warmup",
                Integer.toString(PEER_WARMUP)));
        command.addAll(flags);
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            // the peer waits as this JVM's libtorch does (the launcher's policy, if it set one)
            pb.environment().putAll(SharedCores.applied());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException(
                        "the PyTorch peer failed (exit " + code + "): " + String.join(" ", command) + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the PyTorch peer: " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the PyTorch peer ran", e);
        }
    }
}
