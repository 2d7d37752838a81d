package io.resgrow.examples.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Changes this process's environment as native code sees it (the C library's {@code environ}),
 * which {@link System#getenv()} neither shows nor changes. Libraries that read a variable when they
 * load, such as libgomp's {@code OMP_WAIT_POLICY}, see the value if it is set before they load.
 */
final class NativeEnvironment {

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

    private NativeEnvironment() {}

    /**
     * Sets a variable unless the process has it already.
     *
     * @param name the name
     * @param value the value
     * @return true if the variable has a value now (this one or the one it had), false if the C
     *     library cannot be reached (e.g. not a POSIX system)
     */
    static boolean setIfAbsent(String name, String value) {
        LibC c = libc();
        return c != null && c.setenv(name, value, 0) == 0;
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
