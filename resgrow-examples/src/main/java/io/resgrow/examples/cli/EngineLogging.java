package io.resgrow.examples.cli;

import java.util.Map;

/**
 * The command line's logging defaults (SLF4J's simple binding): the run's own lines without thread
 * and logger names, and none of the engine's INFO chatter or, on a machine without a GPU, its CUDA
 * warnings, unless {@code --verbose}. A {@code -D} setting given on the JVM's command line wins.
 * The library modules only log through SLF4J; this is the application's choice.
 */
final class EngineLogging {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private static final Map<String, String> QUIET = Map.of(
            "log.ai.djl", "warn",
            "log.ai.djl.util.cuda.CudaUtils", "off",
            // train prints its own one-line note before a fresh start
            "log.io.resgrow.core.TrainingContext", "error");

    private static final Map<String, String> ALWAYS = Map.of(
            "showThreadName", "false",
            "showLogName", "false",
            "logFile", "System.err");

    private EngineLogging() {}

    /**
     * Sets the defaults; it takes effect only if SLF4J has not logged yet in this JVM.
     *
     * @param verbose whether to keep the engine's lines
     */
    static void configure(boolean verbose) {
        ALWAYS.forEach(EngineLogging::setDefault);
        if (!verbose) {
            QUIET.forEach(EngineLogging::setDefault);
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
