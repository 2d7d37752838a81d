package io.resgrow.spark;

import io.resgrow.examples.cli.ResgrowCli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line as a driver process of its own, with this JVM's class path and Spark's opens. */
final class Drivers {

    private Drivers() {}

    /**
     * Starts {@code resgrow ARGS} in another JVM, its standard error in {@code err}.
     *
     * @param err where its standard error goes
     * @param args the command line
     * @return the process
     */
    static Process start(Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "-Dai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads", "2"),
                "-Dai.djl.pytorch.num_interop_threads=1"));
        command.addAll(List.of(System.getProperty("resgrow.spark.opens", "").split(" ")));
        command.removeIf(String::isEmpty);
        command.add(ResgrowCli.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(err.toFile()).start();
    }
}
