package io.resgrow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class SparkClusterSmokeTest {

    @Test
    void localClusterRunsTasksInOtherJvmsThatLoadTheEngine() {
        String self = ManagementFactory.getRuntimeMXBean().getName();
        try (JavaSparkContext sc = SparkTesting.start("local-cluster[2,1,1024]")) {
            List<String> where = sc.parallelize(List.of(1, 2, 3, 4), 4)
                    .map(i -> ManagementFactory.getRuntimeMXBean().getName() + " "
                            + Engine.getInstance().getEngineName())
                    .collect();
            Set<String> jvms = new HashSet<>();
            for (String w : where) {
                assertFalse(w.startsWith(self + " "), w);
                assertEquals("PyTorch", w.substring(w.indexOf(' ') + 1));
                jvms.add(w.substring(0, w.indexOf(' ')));
            }
            System.out.println("executor JVMs: " + jvms);
        }
    }
}
