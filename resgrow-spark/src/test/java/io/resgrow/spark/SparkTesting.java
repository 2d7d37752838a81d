package io.resgrow.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // local-cluster's workers read it from the system properties
        System.setProperty("spark.test.home", home());
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        SparkConf conf = new SparkConf()
                .setMaster(master)
                .setAppName("resgrow-spark-test")
                .set("spark.testing", "true")
                .set("spark.test.home", home())
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.executor.extraClassPath", classPath)
                .set("spark.executor.extraJavaOptions", System.getProperty("resgrow.spark.opens", ""))
                .set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        return new JavaSparkContext(conf);
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
