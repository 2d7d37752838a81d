package io.resgrow.models.multires;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.resgrow.core.placement.TransferPlan;
import io.resgrow.models.block.ResNet;
import io.resgrow.models.block.ResidualBlock;
import io.resgrow.models.block.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * The traffic a model-parallel placement of a multi-residual network implies: the k residual
 * functions of every block spread over the devices (balanced, so {@code min(k, devices)} devices
 * per block), from shapes alone (see {@link TransferPlan} for what moves).
 */
public final class Traffic {

    private Traffic() {}

    /**
     * Plans the traffic per training step.
     *
     * @param net the network
     * @param sample one sample's shape, e.g. (3, 32, 32)
     * @param devices the devices of one group
     * @param batch the samples per step on the group
     * @return transfers and bytes per step
     */
    public static TransferPlan perStep(ResNet net, Shape sample, int devices, int batch) {
        Shape[] shape = net.stem().getOutputShapes(new Shape[] {new Shape(1).addAll(sample)});
        List<TransferPlan.Block> blocks = new ArrayList<>();
        for (Stage stage : net.stages()) {
            for (Block b : stage.blocks()) {
                Shape[] out = b.getOutputShapes(shape);
                int k = b instanceof ResidualBlock r ? r.functions().size() : 1;
                blocks.add(new TransferPlan.Block(shape[0].size(), out[0].size(), Math.min(k, devices)));
                shape = out;
            }
        }
        return TransferPlan.of(blocks, batch);
    }
}
