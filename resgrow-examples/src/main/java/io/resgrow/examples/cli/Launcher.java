package io.resgrow.examples.cli;

import io.resgrow.core.engine.SharedCores;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts the command line in an environment where concurrent runs share the cores. libtorch's
 * OpenMP threads spin while they wait, and libgomp reads {@code OMP_WAIT_POLICY} and {@code
 * GOMP_SPINCOUNT} once, from the process's environment, when the native library loads. When {@code
 * OMP_WAIT_POLICY} is unset, this JVM sets {@code OMP_WAIT_POLICY=PASSIVE} and {@code
 * GOMP_SPINCOUNT=1000} in its own environment ({@link SharedCores#prepare()}) before anything loads
 * libtorch: a short spin before sleeping, which libgomp takes over the policy's none
 * (measured here, none cost one run alone 10%, 1000 nothing, while two runs together still take no
 * longer than one after the other). Where {@code setenv} cannot be reached, the command runs in a
 * child JVM (same JVM options and class path) that has the two variables, its output going straight
 * to the terminal; the child dies with the parent (it reads the parent's pipe on its standard input
 * and halts at its end, also after a SIGKILL). {@code RESGROW_RELAUNCH=child} asks for the child JVM
 * anyway. Setting {@code OMP_WAIT_POLICY} yourself (e.g. {@code ACTIVE} on a machine of your own) or
 * {@code RESGROW_RELAUNCH=0} leaves the environment as it is. libtorch's intra-op threads default to
 * the processors this JVM may use ({@code taskset}, container limits), unless {@code
 * -Dai.djl.pytorch.num_threads} says otherwise.
 */
public final class Launcher {

    /** Marks the child JVM. */
    static final String CHILD = "resgrow.launched";

    private Launcher() {}

    /**
     * Returns whether the command should run with the wait policy set by this launcher.
     *
     * @param env the environment
     * @param childMark the value of the {@link #CHILD} property in this JVM
     * @return true if {@code OMP_WAIT_POLICY} is unset, the launcher is not turned off, and this is
     *     not the child already
     */
    static boolean shouldRelaunch(Map<String, String> env, String childMark) {
        return env.get("OMP_WAIT_POLICY") == null && !"0".equals(env.get("RESGROW_RELAUNCH")) && childMark == null;
    }

    /**
     * Sets the wait policy in this process's own environment, unless a child JVM is asked for.
     *
     * @param env the environment
     * @return true if both variables are set here (libtorch not loaded yet), false if the command
     *     must run in a child JVM
     */
    static boolean setHere(Map<String, String> env) {
        if ("child".equals(env.get("RESGROW_RELAUNCH"))) {
            return false;
        }
        return SharedCores.prepare();
    }

    /**
     * Returns the child JVM's command: this JVM's binary and options, the class path, the main class
     * and the arguments.
     *
     * @param args the command line's arguments
     * @return the command
     */
    static List<String> childCommand(String... args) {
        return childCommand(ResgrowCli.class, args);
    }

    private static List<String> childCommand(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-D" + CHILD + "=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Runs the command in a child JVM with {@code OMP_WAIT_POLICY=PASSIVE} and returns its exit code.
     *
     * @param main the main class the child runs
     * @param execute runs the command here, if no child JVM can start
     * @param args the command line's arguments
     * @return the child's exit code
     */
    private static int relaunch(Class<?> main, Function<String[], Integer> execute, String... args) {
        // standard input stays a pipe from this JVM: the child's watchdog halts at its end (so the
        // child has no console and draws no progress bar; the usual path runs in one JVM)
        ProcessBuilder pb = new ProcessBuilder(childCommand(main, args))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        // libgomp (Linux's libtorch) then spins 1000 rounds before sleeping instead of none: one run
        // alone keeps its speed, two together still share (bench-concurrent.sh, resgrow-bench/BENCHMARKS.md)
        pb.environment().putIfAbsent("GOMP_SPINCOUNT", SharedCores.SPIN_COUNT);
        try {
            Process child = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
            return child.waitFor();
        } catch (IOException e) {
            System.err.println("warning: cannot start a child JVM with OMP_WAIT_POLICY=PASSIVE (" + e.getMessage()
                    + "); running here");
            return execute.apply(args);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /**
     * Runs a command line and exits with its code: without {@code OMP_WAIT_POLICY} in the
     * environment the command sets it in its own before libtorch loads, or runs in a child JVM
     * that has it ({@code resgrow}, {@code resgrow-bench}).
     *
     * @param main the main class (the child JVM's)
     * @param execute runs the command line in this JVM and returns its exit code
     * @param args the arguments
     */
    public static void main(Class<?> main, Function<String[], Integer> execute, String... args) {
        if (shouldRelaunch(System.getenv(), System.getProperty(CHILD)) && !setHere(System.getenv())) {
            System.exit(relaunch(main, execute, args));
        }
        prepareThisJvm();
        System.exit(execute.apply(args));
    }

    /**
     * Prepares this JVM before the native library loads: in the child, a watchdog that halts when
     * the parent's pipe closes; everywhere, libtorch's intra-op threads set to the processors this
     * JVM may use unless set already.
     */
    static void prepareThisJvm() {
        if (System.getProperty(CHILD) != null) {
            Thread watchdog = new Thread(
                    () -> {
                        try (InputStream in = System.in) {
                            while (in.read() != -1) {
                                // the parent writes nothing; its end of the pipe closes when it dies
                            }
                        } catch (IOException e) {
                            // treat a broken pipe as the parent's end
                        }
                        Runtime.getRuntime().halt(143);
                    },
                    "resgrow-parent-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty(
                    "ai.djl.pytorch.num_threads",
                    Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }
}
