package io.resgrow.models.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.resgrow.core.account.MacCounter;
import io.resgrow.core.account.MacsAware;
import java.util.ArrayList;
import java.util.List;

/**
 * A pre-activation residual function {@code F}: a chain of BN-ReLU-conv units, convolutions without
 * bias. Basic: two 3x3 units ({@code BN-ReLU-conv3x3-BN-ReLU-conv3x3}, He et al. 2016); bottleneck:
 * 1x1, 3x3, 1x1 units. The first unit carries the stride. An optional dropout sits before the last
 * convolution (Zagoruyko and Komodakis' WRN).
 */
public final class ResidualFunction extends AbstractBlock implements MacsAware {

    private final int[] kernels;
    private final int[] filters;
    private final double dropoutRate;
    private final List<FastBatchNorm> norms = new ArrayList<>();
    private final List<Conv2d> convs = new ArrayList<>();
    private final Dropout dropout;

    private ResidualFunction(int[] kernels, int[] filters, int stride, double dropoutRate) {
        this.kernels = kernels;
        this.filters = filters;
        this.dropoutRate = dropoutRate;
        for (int i = 0; i < kernels.length; i++) {
            norms.add(addChildBlock("bn" + (i + 1), new FastBatchNorm()));
            int s = i == 0 ? stride : 1;
            int k = kernels[i];
            convs.add(addChildBlock(
                    "conv" + (i + 1),
                    Conv2d.builder()
                            .setKernelShape(new Shape(k, k))
                            .optStride(new Shape(s, s))
                            .optPadding(new Shape(k / 2, k / 2))
                            .setFilters(filters[i])
                            .optBias(false)
                            .build()));
        }
        dropout = dropoutRate > 0
                ? addChildBlock(
                        "dropout",
                        Dropout.builder().optRate((float) dropoutRate).build())
                : null;
    }

    /**
     * Two 3x3 units.
     *
     * @param out output channels
     * @param stride stride of the first convolution
     * @param dropoutRate dropout before the second convolution, 0 for none
     * @return the function
     */
    public static ResidualFunction basic(int out, int stride, double dropoutRate) {
        return new ResidualFunction(new int[] {3, 3}, new int[] {out, out}, stride, dropoutRate);
    }

    /**
     * 1x1, 3x3, 1x1 units.
     *
     * @param mid channels of the inner units
     * @param out output channels
     * @param stride stride of the first convolution
     * @return the function
     */
    public static ResidualFunction bottleneck(int mid, int out, int stride) {
        return new ResidualFunction(new int[] {1, 3, 1}, new int[] {mid, mid, out}, stride, 0);
    }

    /**
     * Returns a new function of the same structure with another stride (not initialised).
     *
     * @param stride the stride of the first convolution
     * @return the twin
     */
    public ResidualFunction twin(int stride) {
        return new ResidualFunction(kernels.clone(), filters.clone(), stride, dropoutRate);
    }

    /**
     * Returns the last convolution (zero it to make the function output zero).
     *
     * @return the last conv
     */
    public Conv2d lastConv() {
        return convs.get(convs.size() - 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (int i = 0; i < convs.size(); i++) {
            NDArray a = Activation.relu(norms.get(i).forward(ps, x, training).singletonOrThrow());
            NDList in = new NDList(a);
            if (dropout != null && i == convs.size() - 1) {
                in = dropout.forward(ps, in, training);
            }
            x = convs.get(i).forward(ps, in, training);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape[] shapes = inputs;
        for (Conv2d c : convs) {
            shapes = c.getOutputShapes(shapes);
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (int i = 0; i < convs.size(); i++) {
            norms.get(i).initialize(manager, dataType, shapes);
            convs.get(i).initialize(manager, dataType, shapes);
            shapes = convs.get(i).getOutputShapes(shapes);
        }
        if (dropout != null) {
            dropout.initialize(manager, dataType, shapes);
        }
    }

    @Override
    public Shape[] countMacs(MacCounter counter, Shape[] inputs) {
        Shape[] shapes = inputs;
        for (Block c : convs) {
            shapes = counter.visit(c, shapes);
        }
        return shapes;
    }
}
