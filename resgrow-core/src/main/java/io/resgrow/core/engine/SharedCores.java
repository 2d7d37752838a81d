package io.resgrow.core.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes libtorch's OpenMP threads share the cores with other processes. They spin while they wait
 * for work (libgomp's default spins 300,000 rounds), which starves whatever else runs on the same
 * cores: two trainings started together on 2 cores took 2.4x as long as one after the other.
 * libgomp reads {@code OMP_WAIT_POLICY} and {@code GOMP_SPINCOUNT} once, from the process's
 * environment, when libtorch loads; {@link #prepare()} sets {@code OMP_WAIT_POLICY=PASSIVE} and
 * {@code GOMP_SPINCOUNT=1000} in this process's own environment (the C library's {@code setenv},
 * through JNA, which DJL already depends on) unless {@code OMP_WAIT_POLICY} is set. Call it before
 * anything touches DJL's PyTorch engine and before starting threads (the C library's {@code setenv}
 * is not safe against concurrent native reads), e.g. first thing in {@code main}; the {@code resgrow}
 * command does. Measured here: two runs together then take as long as one after the other, one
 * run alone keeps its speed (resgrow-bench/BENCHMARKS.md, "Two runs sharing the cores").
 */
public final class SharedCores {

    /** The variable that chooses how idle OpenMP threads wait. */
    public static final String WAIT_POLICY = "OMP_WAIT_POLICY";

    /** The variable that sets libgomp's spin rounds before a waiting thread sleeps. */
    public static final String SPIN_COUNT_VARIABLE = "GOMP_SPINCOUNT";

    /** The spin rounds set (libgomp's default is 300,000). */
    public static final String SPIN_COUNT = "1000";

    /** The C library call used. */
    interface LibC extends Library {
        /**
         * Sets a variable.
         *
         * @param name the name
         * @param value the value
         * @param overwrite 0 to keep an existing value
         * @return 0 on success
         */
        int setenv(String name, String value, int overwrite);
    }

    /** What {@link #prepare()} set in this process, which {@link System#getenv()} does not show. */
    private static volatile Map<String, String> applied = Map.of();

    private SharedCores() {}

    /**
     * Returns the variables {@link #prepare()} set in this process's environment (none if it set
     * nothing), for a child process that should wait alike: Java starts children with the
     * environment it read at start-up, without them.
     *
     * @return variable names and values
     */
    public static Map<String, String> applied() {
        return applied;
    }

    /**
     * Returns whether libtorch's OpenMP threads wait passively in this process: the policy {@link
     * #prepare()} set, or {@code OMP_WAIT_POLICY=PASSIVE} from the environment.
     *
     * @return true if idle threads sleep after a short spin
     */
    public static boolean passive() {
        return applied.containsKey(WAIT_POLICY) || "passive".equalsIgnoreCase(System.getenv(WAIT_POLICY));
    }

    /**
     * Sets the passive wait policy for libtorch, which must not be loaded yet.
     *
     * @return true if the OpenMP threads libtorch starts will follow a wait policy: the one set
     *     here or one the environment had already; false if libtorch is loaded already (too late)
     *     or the C library cannot be reached (not a POSIX system): then set the two variables in
     *     the environment before the JVM starts
     */
    public static boolean prepare() {
        return prepare(System.getenv());
    }

    /**
     * {@link #prepare()} for a given view of the start-up environment.
     *
     * @param env the environment this JVM started with
     * @return as {@link #prepare()}
     */
    static boolean prepare(Map<String, String> env) {
        if (env.get(WAIT_POLICY) != null) {
            return true;
        }
        if (libtorchLoaded()) {
            return false;
        }
        LibC c = libc();
        if (c == null) {
            return false;
        }
        String spin = env.getOrDefault(SPIN_COUNT_VARIABLE, SPIN_COUNT);
        boolean set = c.setenv(SPIN_COUNT_VARIABLE, spin, 0) == 0 && c.setenv(WAIT_POLICY, "PASSIVE", 0) == 0;
        if (set) {
            applied = Map.of(WAIT_POLICY, "PASSIVE", SPIN_COUNT_VARIABLE, spin);
        }
        return set;
    }

    /**
     * Returns whether this process has loaded libtorch or an OpenMP runtime already (on Linux, from
     * its memory map; elsewhere this cannot be told and the answer is false).
     *
     * @return true if libtorch, libgomp, libiomp or libomp is mapped
     */
    static boolean libtorchLoaded() {
        Path maps = Path.of("/proc/self/maps");
        try {
            return Files.isReadable(maps) && Files.readAllLines(maps).stream().anyMatch(SharedCores::isLibtorch);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A memory map line of libtorch's or an OpenMP runtime's shared library (which reads the
     * variables when it loads), not, say, a jar whose name holds "torch".
     */
    private static boolean isLibtorch(String mapsLine) {
        String file = mapsLine.substring(mapsLine.lastIndexOf('/') + 1);
        return file.contains(".so")
                && (file.startsWith("libtorch")
                        || file.startsWith("libgomp")
                        || file.startsWith("libiomp")
                        || file.startsWith("libomp"));
    }

    private static LibC libc() {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return null;
        }
    }
}
