package io.resgrow.models.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.resgrow.core.data.HostBatch;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.ResidualBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Residual-module norms (Chang et al. 2018, section 3.1): for every residual block {@code j}, the
 * average L2 norm over a batch of its input {@code Y_j} and of its residual output {@code G(Y_j) =
 * h * sum_i F_i(Y_j)}, in inference mode. In a network that behaves like a discretised ODE the
 * residual is small against its input, except at the blocks that change the shape.
 */
public final class ResidualNorms {

    private ResidualNorms() {}

    /**
     * One block's norms.
     *
     * @param stage the 1-based stage
     * @param block the 1-based block within the stage
     * @param inputNorm mean over samples of {@code ||Y_j||_2}
     * @param residualNorm mean over samples of {@code ||G(Y_j)||_2}
     */
    public record Row(int stage, int block, double inputNorm, double residualNorm) {}

    /**
     * Measures the norms.
     *
     * @param net an initialised ResNet
     * @param batch a test batch (already preprocessed as in training)
     * @return a row per residual block, in order
     */
    public static List<Row> measure(ResNet net, HostBatch batch) {
        List<Row> rows = new ArrayList<>();
        NDManager owner =
                net.stem().getParameters().get(0).getValue().getArray().getManager();
        try (NDManager m = owner.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDList y = new NDList(batch.toDevice(m).get(0));
            y = net.stem().forward(ps, y, false);
            for (int s = 0; s < net.stages().size(); s++) {
                List<Block> blocks = net.stages().get(s).blocks();
                for (int b = 0; b < blocks.size(); b++) {
                    ResidualBlock block = (ResidualBlock) blocks.get(b);
                    NDArray residual = block.residual(ps, y, false);
                    rows.add(new Row(s + 1, b + 1, meanNorm(y.singletonOrThrow()), meanNorm(residual)));
                    y = block.forward(ps, y, false);
                }
            }
        }
        return rows;
    }

    private static double meanNorm(NDArray x) {
        long n = x.getShape().get(0);
        return x.reshape(n, -1).norm(new int[] {1}).mean().getFloat();
    }
}
