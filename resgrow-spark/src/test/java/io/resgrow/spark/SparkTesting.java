package io.resgrow.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Spark contexts for the tests: the driver is the test JVM. */
final class SparkTesting {

    private SparkTesting() {}

    /**
     * A context on {@code master}: {@code local[1]} runs tasks in this JVM; {@code
     * local-cluster[2,1,1024]} starts two executor JVMs that get this JVM's class path (test classes
     * included) and Java 17's opens, as the pom gives this JVM.
     */
    static JavaSparkContext start(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("resgrow-spark-test");
        settings().forEach(conf::set);
        return new JavaSparkContext(conf);
    }

    /**
     * Runs work that starts its own Spark context (the command line's {@code --spark}) with the
     * settings of {@link #start} as system properties, which a new {@code SparkConf} reads.
     */
    static <T> T withSettings(Supplier<T> work) {
        Map<String, String> settings = settings();
        settings.forEach(System::setProperty);
        try {
            return work.get();
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
    }

    private static Map<String, String> settings() {
        // local-cluster's workers read it from the system properties
        System.setProperty("spark.test.home", home());
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Map<String, String> s = new LinkedHashMap<>();
        s.put("spark.testing", "true");
        s.put("spark.test.home", home());
        s.put("spark.ui.enabled", "false");
        s.put("spark.driver.host", "127.0.0.1");
        s.put("spark.executor.extraClassPath", classPath);
        s.put("spark.executor.extraJavaOptions", System.getProperty("resgrow.spark.opens", ""));
        s.put("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        return s;
    }

    /** Spark's home for local-cluster's workers: an empty directory under target/ (no installation). */
    private static String home() {
        Path dir = Path.of("target", "spark-home").toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.toString();
    }
}
