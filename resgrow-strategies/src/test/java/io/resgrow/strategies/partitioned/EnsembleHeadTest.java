package io.resgrow.strategies.partitioned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import io.resgrow.core.ResGrow;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.history.EpochRecord;
import io.resgrow.core.history.RunEvent;
import io.resgrow.core.history.TrainingReport;
import io.resgrow.datasets.ImageSet;
import io.resgrow.datasets.SyntheticDataset;
import io.resgrow.models.head.ProxyHead;
import io.resgrow.models.monolith.MonolithNet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fused network keeps what the branches learned: its head starts as the branches' ensemble
 * (checked against the proxies' mean logits worked out by hand), and after stage 2 it validates at
 * least as well as its best branch did through its proxy head.
 */
class EnsembleHeadTest {

    private static final int CLASSES = 10;

    @Test
    void monolithNetsHeadStartsAsTheMeanOfTheProxyHeadsWhenThatIsMostAccurate() {
        checkStart(-1, "the mean of 2 proxy heads");
    }

    @Test
    void itStartsAsOneProxyAloneWhenThatOneIsMoreAccurateThanTheMean() {
        checkStart(1, "proxy head 2 alone");
    }

    /**
     * Labels the features with the oracle's own predictions (the mean's, or proxy {@code truth}'s), so
     * that candidate is the most accurate, and checks the head gives exactly its logits.
     */
    private static void checkStart(int truth, String expectedStart) {
        try (NDManager m = NDManager.newBaseManager()) {
            MonolithNet net = new MonolithNet(2, 10, 1, 16, 1, CLASSES);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            int width = net.featureWidth();
            List<Block> proxies = List.of(ProxyHead.forVectors(CLASSES), ProxyHead.forVectors(CLASSES));
            for (Block p : proxies) {
                p.initialize(m, DataType.FLOAT32, new Shape(1, width));
            }
            int n = 40;
            float[] features = new float[n * 2 * width];
            Random r = new Random(7);
            for (int i = 0; i < features.length; i++) {
                features[i] = (float) Math.abs(r.nextGaussian()); // pooled post-ReLU features are >= 0
            }
            float[] expected = truth < 0
                    ? meanOfProxies(proxies, features, n, width)
                    : proxyAlone(proxies, truth, features, n, width);
            int[] labels = argmax(expected, n);
            HostBatch train = new HostBatch(features, labels, n, 2 * width, 1, 1);

            String how = EnsembleHead.initialize(net.fusion(), proxies, () -> train, () -> train);

            assertTrue(how.startsWith(expectedStart), how);
            float[] head = forward(net.fusion(), m, features, n, 2 * width);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], head[i], 1e-4, "logit " + i);
            }
        }
    }

    @Test
    void withTwiceTheClassesInHiddenUnitsTheStartIsTheEnsembleForEveryInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            MonolithNet net = new MonolithNet(2, 10, 1, 2 * CLASSES + 4, 1, CLASSES);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            int width = net.featureWidth();
            List<Block> proxies = List.of(ProxyHead.forVectors(CLASSES), ProxyHead.forVectors(CLASSES));
            for (Block p : proxies) {
                p.initialize(m, DataType.FLOAT32, new Shape(1, width));
            }
            int n = 40;
            Random r = new Random(11);
            float[] train = new float[n * 2 * width];
            for (int i = 0; i < train.length; i++) {
                train[i] = (float) Math.abs(r.nextGaussian());
            }
            float[] mean = meanOfProxies(proxies, train, n, width);
            int[] labels = argmax(mean, n);
            HostBatch batch = new HostBatch(train, labels, n, 2 * width, 1, 1);
            String how = EnsembleHead.initialize(net.fusion(), proxies, () -> batch, () -> batch);
            assertTrue(how.contains("relu(z) - relu(-z)"), how);
            // inputs far outside the training features (negative, ten times larger): no shift to outgrow
            float[] far = new float[n * 2 * width];
            for (int i = 0; i < far.length; i++) {
                far[i] = (float) (10 * r.nextGaussian());
            }
            float[] expected = meanOfProxies(proxies, far, n, width);
            float[] head = forward(net.fusion(), m, far, n, 2 * width);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], head[i], 1e-3 * Math.max(1, Math.abs(expected[i])), "logit " + i);
            }
        }
    }

    /** Each sample's largest logit's class. */
    private static int[] argmax(float[] logits, int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < CLASSES; c++) {
                if (logits[i * CLASSES + c] > logits[i * CLASSES + labels[i]]) {
                    labels[i] = c;
                }
            }
        }
        return labels;
    }

    /** Proxy {@code k}'s logits on its own part of the features, in doubles. */
    private static float[] proxyAlone(List<Block> proxies, int k, float[] x, int n, int width) {
        float[] out = new float[n * CLASSES];
        Block linear = proxies.get(k).getChildren().values().get(0);
        float[] w = linear.getParameters().get("weight").getArray().toFloatArray();
        float[] b = linear.getParameters().get("bias").getArray().toFloatArray();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < CLASSES; c++) {
                double z = b[c];
                for (int j = 0; j < width; j++) {
                    z += (double) w[c * width + j] * x[i * 2 * width + k * width + j];
                }
                out[i * CLASSES + c] = (float) z;
            }
        }
        return out;
    }

    @Test
    void aHeadOfAnotherShapeKeepsItsRandomStartAndSaysSo() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block proxy = ProxyHead.forVectors(CLASSES);
            proxy.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            Block head = Linear.builder().setUnits(3).build(); // not one output per class
            head.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            float[] before = head.getParameters().get("weight").getArray().toFloatArray();
            HostBatch train = new HostBatch(new float[8], new int[2], 2, 4, 1, 1);
            String how = EnsembleHead.initialize(head, List.of(proxy), () -> train, () -> train);
            assertTrue(how.startsWith("kept random"), how);
            assertEquals(
                    before.length, head.getParameters().get("weight").getArray().toFloatArray().length);
        }
    }

    @Tag("slow")
    @Test
    void afterStageTwoTheFusedNetworkValidatesAtLeastAsWellAsItsBestBranch() {
        // the small case: two WRN-10-1 branches, synthetic data, three epochs a stage
        ImageSet train = SyntheticDataset.create(1200, CLASSES, 1, 28, 40, 1);
        ImageSet validation = SyntheticDataset.create(300, CLASSES, 1, 28, 40, 2);
        TrainingReport report = ResGrow.train(new MonolithNet(2, 10, 1, 16, 1, CLASSES), new Shape(1, 28, 28))
                .on(train, validation)
                .strategy(PartitionedStrategy.builder().stageEpochs(3, 3, 0).build())
                .seed(1)
                .quiet()
                .fit();
        Map<String, Double> last = new LinkedHashMap<>();
        for (EpochRecord e : report.epochs()) {
            last.put(e.phase(), e.validationAccuracy());
        }
        double best = Math.max(last.get("branch-1"), last.get("branch-2"));
        assertTrue(last.get("head") >= best, "head " + last.get("head") + ", branches " + last);
        assertTrue(best > 0.15, "the branches learned something: " + last);
    }

    @Tag("slow")
    @Test
    void aStageTwoThatLosesGroundEndsAtTheHeadsStart() {
        // stage 2 at a rate that wrecks the head; no fine-tuning, so the head's accuracy is the run's
        TrainingReport report = PartitionedStrategyTest.run(
                        PartitionedStrategyTest.monolith(),
                        PartitionedStrategyTest.DATA,
                        PartitionedResumeTest.wrecked().stageEpochs(2, 2, 0).build())
                .fit();
        RunEvent kept = report.events().stream()
                .filter(e -> e.type().equals("head-kept"))
                .findFirst()
                .orElseThrow();
        double start = ((Number) kept.data().get("startAccuracy")).doubleValue();
        double trained = ((Number) kept.data().get("trainedAccuracy")).doubleValue();
        assertEquals(Boolean.TRUE, kept.data().get("start"), kept.detail());
        assertTrue(trained < start, kept.detail());
        // the whole network evaluated by the run (images through the branches and the head) on the
        // same validation samples gives the start's accuracy, not the trained head's
        assertEquals(start, report.testAccuracy(), 1e-9, kept.detail());
        double best = 0;
        for (StageRow row : PartitionedTable.of(report).rows()) {
            if (row.stage() == 1) {
                best = Math.max(best, row.accuracy());
            }
        }
        assertTrue(report.testAccuracy() >= best, "fused " + report.testAccuracy() + ", best branch " + best);
    }

    private static float[] forward(Block block, NDManager m, float[] x, int n, int width) {
        NDArray in = m.create(x, new Shape(n, width));
        return block.forward(new ParameterStore(m, false), new NDList(in), false)
                .head()
                .toFloatArray();
    }

    /** (W1 f1 + b1 + W2 f2 + b2) / 2 in doubles, from the proxies' parameters. */
    private static float[] meanOfProxies(List<Block> proxies, float[] x, int n, int width) {
        float[] out = new float[n * CLASSES];
        for (int k = 0; k < proxies.size(); k++) {
            Block linear = proxies.get(k).getChildren().values().get(0);
            float[] w = linear.getParameters().get("weight").getArray().toFloatArray();
            float[] b = linear.getParameters().get("bias").getArray().toFloatArray();
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < CLASSES; c++) {
                    double z = b[c];
                    for (int j = 0; j < width; j++) {
                        z += (double) w[c * width + j] * x[i * 2 * width + k * width + j];
                    }
                    out[i * CLASSES + c] += (float) (z / proxies.size());
                }
            }
        }
        return out;
    }
}
