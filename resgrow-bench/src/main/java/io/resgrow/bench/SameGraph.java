package io.resgrow.bench;

import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.resgrow.core.account.ParameterCount;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.engine.NativeArrays;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peer's own network, traced to TorchScript by {@code pytorch_step.py --trace}, trained in
 * resgrow's libtorch: its forward pass with the loss and its backward pass, timed apart on one
 * fixed batch, its gradients zeroed in place after each step (the peer's {@code --zero-grads}); its
 * update is not timed (the traced module's parameters are not resgrow's to update). The
 * operations are the peer's, so against the peer's parts this compares the two libtorch builds, with
 * resgrow's code out of the way.
 */
final class SameGraph {

    private SameGraph() {}

    /**
     * Loads the traced network and runs it for the settings' steps after a few untimed ones.
     *
     * @param file the TorchScript file
     * @param s the settings (batch, steps, the network's sample shape and classes)
     * @return the medians of the forward and backward passes, in ms
     * @throws InvalidSettingException naming {@code same-graph} if the file is not TorchScript of a
     *     network with this run's parameter count that takes its input
     */
    static double[] parts(Path file, StepBench.Settings s) {
        String name = file.getFileName().toString().replaceFirst("\\.pt$", "");
        try (Model model = Model.newInstance("same-graph", "PyTorch")) {
            Block net;
            try {
                model.load(file.toAbsolutePath().getParent(), name, Map.of("trainParam", "true"));
                net = model.getBlock();
            } catch (Exception e) {
                throw refused(file, s, e);
            }
            List<NDArray> trained = new ArrayList<>();
            long elements = 0;
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().getArray().hasGradient()) {
                    trained.add(p.getValue().getArray());
                    elements += p.getValue().getArray().size();
                }
            }
            long expected =
                    ParameterCount.learnableOfCopy(s.net().build(), s.net().sample());
            if (elements != expected) {
                throw refused(file, s, "it holds " + elements + " trained parameters, this run's network " + expected);
            }
            Runnable zero = () -> {
                for (NDArray w : trained) {
                    try (NDArray g = w.getGradient()) {
                        NativeArrays.fill(g, 0);
                    }
                }
            };
            double[] medians;
            try {
                medians = FixedBatchSteps.time(
                        net, new ParameterStore(model.getNDManager(), false), model.getNDManager(), s, zero);
            } catch (EngineException e) {
                throw refused(file, s, e);
            }
            return new double[] {medians[0], medians[1]};
        }
    }

    private static InvalidSettingException refused(Path file, StepBench.Settings s, Exception cause) {
        InvalidSettingException e = refused(
                file,
                s,
                "loading or running it failed: "
                        + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""));
        e.initCause(cause);
        return e;
    }

    private static InvalidSettingException refused(Path file, StepBench.Settings s, String why) {
        return new InvalidSettingException(
                "same-graph",
                file,
                "TorchScript of the peer's network for " + s.net().describe() + " (" + why + ")",
                "write it with: " + traceCommand(s));
    }

    /**
     * The peer script's command that traces this run's network.
     *
     * @param s the settings
     * @return e.g. {@code /usr/bin/python3 resgrow-bench/peers/pytorch_step.py --blocks 3,3,3 ... --trace FILE}
     */
    static String traceCommand(StepBench.Settings s) {
        return System.getenv().getOrDefault("RESGROW_PYTHON", "/usr/bin/python3")
                + " resgrow-bench/peers/pytorch_step.py "
                + String.join(" ", s.net().peerFlags()) + " --batch "
                + s.batch() + " --trace FILE";
    }
}
