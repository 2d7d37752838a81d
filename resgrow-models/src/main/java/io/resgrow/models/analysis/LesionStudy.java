package io.resgrow.models.analysis;

import ai.djl.Device;
import ai.djl.nn.Block;
import io.resgrow.core.data.BatchSource;
import io.resgrow.core.data.HostBatch;
import io.resgrow.core.engine.RunEvaluator;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.ResidualBlock;
import io.resgrow.models.block.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Lesion studies at test time (Veit et al. 2016; Chang et al. 2018, section 3.2): the test accuracy
 * with one residual block removed, for every block that keeps the shape, and with the blocks of a
 * stage shuffled (the shape-changing first block stays first). The network is restored after each
 * measurement.
 */
public final class LesionStudy {

    private LesionStudy() {}

    /**
     * One measurement.
     *
     * @param stage the 1-based stage
     * @param block the 1-based removed block, or 0 for a shuffle of the whole stage
     * @param accuracy the test accuracy with the lesion
     */
    public record Row(int stage, int block, double accuracy) {}

    /**
     * Runs the study.
     *
     * @param net an initialised ResNet
     * @param test the test data
     * @param prepare the deterministic preprocessing of evaluation batches, or null
     * @param batchSize the evaluation batch size
     * @param seed the seed of the shuffles
     * @return the baseline accuracy first (stage 0, block 0), then every lesion
     */
    public static List<Row> run(ResNet net, BatchSource test, Consumer<HostBatch> prepare, int batchSize, long seed) {
        Device device = net.stem().getParameters().get(0).getValue().getArray().getDevice();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(0, 0, RunEvaluator.accuracy(net, test, batchSize, device, prepare)));
        Random random = new Random(seed);
        for (int s = 0; s < net.stages().size(); s++) {
            Stage stage = net.stages().get(s);
            List<Block> original = stage.blocks();
            for (int b = 0; b < original.size(); b++) {
                if (((ResidualBlock) original.get(b)).changesShape() || original.size() == 1) {
                    continue;
                }
                Block removed = stage.remove(b);
                rows.add(new Row(s + 1, b + 1, RunEvaluator.accuracy(net, test, batchSize, device, prepare)));
                stage.insert(b, removed);
            }
            int fixed = ((ResidualBlock) original.get(0)).changesShape() ? 1 : 0;
            if (original.size() - fixed >= 2) {
                List<Block> tail = new ArrayList<>(original.subList(fixed, original.size()));
                Collections.shuffle(tail, random);
                reorder(stage, original.subList(0, fixed), tail);
                rows.add(new Row(s + 1, 0, RunEvaluator.accuracy(net, test, batchSize, device, prepare)));
                reorder(stage, List.of(), original);
            }
        }
        return rows;
    }

    private static void reorder(Stage stage, List<Block> head, List<Block> tail) {
        List<Block> order = new ArrayList<>(head);
        order.addAll(tail);
        int n = stage.blocks().size();
        for (int i = 0; i < order.size(); i++) {
            stage.insert(n + i, order.get(i));
        }
        for (int i = 0; i < n; i++) {
            stage.remove(0);
        }
    }
}
