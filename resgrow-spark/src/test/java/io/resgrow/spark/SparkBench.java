package io.resgrow.spark;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.ResGrow;
import io.resgrow.core.data.DataRecipe;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.datasets.recipe.IdxRecipe;
import io.resgrow.models.monolith.MonolithNet;
import io.resgrow.strategies.partitioned.BranchRunner;
import io.resgrow.strategies.partitioned.PartitionedStrategy;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The benchmark of BENCHMARKS.md, "Issue 26": partitioned training of 2 WRN-10-1 branches on
 * Fashion-MNIST's first 10,000 training images, stage 1 in one JVM and then on
 * local-cluster[2,1,1024] (two executor JVMs of one core each). Arguments: the data directory,
 * stage-1 epochs per branch.
 */
public final class SparkBench {

    private SparkBench() {}

    public static void main(String[] args) {
        String dir = args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        DataRecipe data = new IdxRecipe(dir, 10000, 0.1, 42, true);
        long t0 = System.nanoTime();
        TrainingReport one = run(data, epochs, BranchRunner.IN_PROCESS);
        double oneWall = (System.nanoTime() - t0) / 1e9;
        double oneStage1 = stage1(one);
        print("one JVM", one, oneWall, oneStage1);
        long t1 = System.nanoTime();
        TrainingReport spark;
        double startup;
        try (JavaSparkContext sc = SparkTesting.start("local-cluster[2,1,1024]")) {
            // the executors' data is made (and the engine loaded) by the check before stage 1
            startup = (System.nanoTime() - t1) / 1e9;
            spark = run(data, epochs, SparkBranchRunner.on(sc, data).threads(1));
        }
        double sparkWall = (System.nanoTime() - t1) / 1e9;
        RunEvent s1 = spark.events().stream()
                .filter(e -> "stage1-elsewhere".equals(e.type()))
                .findFirst()
                .orElseThrow();
        double stage1 = ((Number) s1.data().get("seconds")).doubleValue();
        print("local-cluster[2,1,1024]", spark, sparkWall, stage1);
        spark.events().stream()
                .filter(e -> e.type().endsWith("-elsewhere"))
                .forEach(e -> System.out.println("  " + e.detail()));
        System.out.printf(
                Locale.ROOT,
                "context start %.1f s; stage 1 speed-up %.2fx; Spark's share of stage 1 %.1f%%%n",
                startup,
                oneStage1 / stage1,
                100 * ((Number) s1.data().get("sparkSeconds")).doubleValue() / stage1);
    }

    private static TrainingReport run(DataRecipe data, int epochs, BranchRunner runner) {
        DataRecipe.Made made = data.make();
        return ResGrow.train(new MonolithNet(2, 10, 1, 16, 1, 10), new Shape(1, 28, 28))
                .on(made.train(), made.validation())
                .preprocess(made.preprocess())
                .augment(made.augment())
                .seed(42)
                .strategy(PartitionedStrategy.builder()
                        .stageEpochs(epochs, 2, 1)
                        .branchRunner(runner)
                        .build())
                .quiet()
                .fit();
    }

    /** Stage 1's time in one JVM: the branches' phases' seconds. */
    private static double stage1(TrainingReport r) {
        return r.events().stream()
                .filter(e -> "phase-end".equals(e.type()) && e.detail().startsWith("branch-"))
                .mapToDouble(e -> ((Number) e.data().get("seconds")).doubleValue())
                .sum();
    }

    private static void print(String where, TrainingReport r, double wall, double stage1) {
        System.out.printf(
                Locale.ROOT,
                "%-24s stage 1 %.1f s, run %.1f s (wall %.1f s), params_sha256 %s%n",
                where,
                stage1,
                r.seconds(),
                wall,
                r.paramsSha256().substring(0, 12));
    }
}
